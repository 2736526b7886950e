package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, "How it is shown": callers × operations × paths, one daemon for the whole matrix. Each
 * cell asserts the exit code, what the command printed and the audit row the daemon wrote.
 *
 * <p>Callers and why each is made the way it is:
 * <ul>
 *   <li>ROOT: always Full Control. Local socket only: logging root on over SSH would mean putting
 *       a test key into root's own authorized_keys on the machine running the build;</li>
 *   <li>ADMIN: member of {@code termhost-admins} (Full Control by default);</li>
 *   <li>ORDINARY: the default User Access (sees others' sessions, may not log them off);</li>
 *   <li>DENIED: a member of {@code termhost-admins} with an explicit deny of Logoff, Reset and
 *       QueryInformation: the deny must beat the group's Full Control grant;</li>
 *   <li>GUEST: everything but Logon denied, so that the effective rights are exactly Guest Access;</li>
 *   <li>NO_LOGON: an ordinary user with Logon denied: refused at SSH logon (so on both SSH paths),
 *       while the local socket still answers by the rights it has.</li>
 * </ul>
 */
// it makes, and may remove, the group termhost-admins
@Order(2) // long: started first, so the suite does not end waiting on it
@ResourceLock(HostWithUsers.ADMIN_GROUP)
@ExtendWith(RootRequired.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixIT {
    private static final String DENIED_LINE = "Error [5]:Access is denied.";

    enum Caller {
        ROOT(true, true), ADMIN(true, true), ORDINARY(true, false), DENIED(false, false), GUEST(false, false),
        NO_LOGON(true, false);

        final boolean seesOthers;
        final boolean logsOffOthers;

        Caller(boolean seesOthers, boolean logsOffOthers) {
            this.seesOthers = seesOthers;
            this.logsOffOthers = logsOffOthers;
        }

        boolean logsOn() {
            return this != NO_LOGON;
        }
    }

    enum Op { QUERY_OWN, QUERY_OTHERS, LOGOFF_OWN, LOGOFF_OTHERS }

    enum Way { SOCKET, SERVER, SSH }

    private Path tmp;
    private TermhostProcess host;
    private final Map<Caller, TestUser> users = new EnumMap<>(Caller.class);
    private TestUser victim;
    /** Long-lived sessions the query cells look at: one per caller that can log on, one of the victim. */
    private final Map<Caller, HeldSession> own = new EnumMap<>(Caller.class);
    private HeldSession victimSession;

    @BeforeAll
    void startHostAndCallers(@TempDir Path dir) throws Exception {
        tmp = dir;
        host = TermhostProcess.start(tmp.resolve("state"), "logon.max-failures-per-minute=1000",
                "logoff.grace-period=300ms");
        users.put(Caller.ADMIN, TestUser.create(tmp, "termhost-admins"));
        users.put(Caller.ORDINARY, TestUser.create(tmp));
        users.put(Caller.DENIED, TestUser.create(tmp, "termhost-admins"));
        users.put(Caller.GUEST, TestUser.create(tmp));
        users.put(Caller.NO_LOGON, TestUser.create(tmp));
        victim = TestUser.create(tmp);
        host.command("rights", "/deny:" + name(Caller.DENIED), "Logoff,Reset,QueryInformation")
                .requireSuccess("deny");
        host.command("rights", "/deny:" + name(Caller.GUEST), "QueryInformation,SetInformation,Reset,"
                + "VirtualChannels,RemoteControl,Logoff,Message,Connect,Disconnect").requireSuccess("deny");
        host.command("rights", "/deny:" + name(Caller.NO_LOGON), "Logon").requireSuccess("deny");
        assertThat(effective(Caller.ADMIN)).isEqualTo("FullControl");
        assertThat(effective(Caller.ORDINARY)).isEqualTo("UserAccess");
        assertThat(effective(Caller.DENIED))
                .isEqualTo("SetInformation,VirtualChannels,RemoteControl,Logon,Message,Connect,Disconnect");
        assertThat(effective(Caller.GUEST)).isEqualTo("GuestAccess");
        assertThat(effective(Caller.NO_LOGON)).isEqualTo("QueryInformation,VirtualChannels,Message,Connect");
        for (TestUser u : users.values()) {
            ServerSwitch.prepare(host, u);
        }
        for (Caller c : users.keySet()) {
            if (c.logsOn()) {
                own.put(c, HeldSession.open(host, users.get(c)));
            }
        }
        victimSession = HeldSession.open(host, victim);
    }

    @AfterAll
    void cleanUp() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(own.values());
        all.add(victimSession);
        all.add(host);
        all.addAll(users.values());
        all.add(victim);
        Throwable first = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Throwable e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new AssertionError("clean-up failed", first);
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Caller c : Caller.values()) {
            for (Way w : Way.values()) {
                if (c == Caller.ROOT && w != Way.SOCKET) {
                    continue; // see the class comment
                }
                for (Op op : Op.values()) {
                    boolean ownOp = op == Op.QUERY_OWN || op == Op.LOGOFF_OWN;
                    if (ownOp && (c == Caller.ROOT || c == Caller.NO_LOGON)) {
                        continue; // they cannot have a session of their own
                    }
                    cells.add(Arguments.of(c, op, w));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} via {2}")
    @MethodSource("cells")
    void cell(Caller caller, Op op, Way way) throws Exception {
        int mark = AuditRows.read(host).size();
        if (!caller.logsOn() && way != Way.SOCKET) {
            refusedAtLogon(caller, op, way, mark);
            return;
        }
        switch (op) {
            case QUERY_OWN, QUERY_OTHERS -> query(caller, op, way, mark);
            case LOGOFF_OWN -> {
                try (HeldSession target = HeldSession.open(host, users.get(caller))) {
                    logoff(caller, way, target, true, mark);
                }
            }
            case LOGOFF_OTHERS -> {
                try (HeldSession target = HeldSession.open(host, victim)) {
                    logoff(caller, way, target, caller.logsOffOthers, mark);
                }
            }
        }
    }

    /** Logon itself: the plain ssh client running a command, as each caller that has an account. */
    @ParameterizedTest(name = "{0} logon")
    @EnumSource(value = Caller.class, names = "ROOT", mode = EnumSource.Mode.EXCLUDE)
    void logon(Caller caller) {
        int mark = AuditRows.read(host).size();
        Shell.Result r = new SshClient(host, users.get(caller)).exec("echo LOGGED-$((40+2))");
        List<AuditRows.Row> rows = since(mark);
        if (caller.logsOn()) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("LOGGED-42");
            assertThat(rows).filteredOn(a -> a.type().equals("session.logon")).singleElement().satisfies(a -> {
                assertThat(a.actor()).isEqualTo(name(caller));
                assertThat(a.owner()).isEqualTo(name(caller));
                assertThat(a.source()).matches("ssh 127\\.0\\.0\\.1:\\d+");
            });
            // the exec session is logged off after its client has the exit status: wait for the record,
            // or it lands among the rows of a later cell
            String id = rows.stream().filter(a -> a.type().equals("session.logon")).findFirst().orElseThrow().session();
            awaitRow(mark, a -> a.type().equals("session.logoff") && a.session().equals(id));
        } else {
            assertThat(r.exit()).as(r.out()).isEqualTo(255);
            assertThat(r.err()).contains("Permission denied");
            assertThat(r.out()).doesNotContain("LOGGED-42");
            assertLogonRefused(caller, awaitRow(mark, a -> a.type().equals("session.logon-refused")));
        }
    }

    private void query(Caller caller, Op op, Way way, int mark) {
        Shell.Result r = run(caller, way, "query", "session");

        assertThat(r.exit()).as(r.err()).isZero();
        SessionList list = SessionList.parse(r.out());
        if (op == Op.QUERY_OWN) {
            assertThat(list.byId(own.get(caller).id())).as(r.out())
                    .hasValueSatisfying(row -> assertThat(row.user()).isEqualTo(name(caller)));
        } else if (caller.seesOthers) {
            assertThat(list.byId(victimSession.id())).as(r.out())
                    .hasValueSatisfying(row -> assertThat(row.user()).isEqualTo(victim.name()));
        } else {
            assertThat(list.sessions()).as("only the caller's own sessions:\n" + r.out())
                    .isNotEmpty().allSatisfy(row -> assertThat(row.user()).isEqualTo(name(caller)));
        }
        // the fixed rows are everyone's
        assertThat(list.rows()).extracting(SessionList.Row::id).contains(0, 1, 65536);
        // filtering out others' rows is not a denial: nothing audited as one
        assertThat(since(mark)).filteredOn(a -> a.type().equals("access.denied")).isEmpty();
    }

    private void logoff(Caller caller, Way way, HeldSession target, boolean allowed, int mark) {
        Shell.Result r = run(caller, way, "logoff", target.idText());
        List<AuditRows.Row> rows = since(mark);
        String owner = target.user().name();
        if (allowed) {
            assertThat(r.exit()).as(r.err()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(target::gone);
            // (over SSH, the exec session the command ran in is logged off too: only the target counts)
            assertThat(rows).filteredOn(a -> a.type().equals("session.logoff") && a.session().equals(target.idText()))
                    .singleElement().satisfies(a -> {
                assertThat(a.actor()).isEqualTo(name(caller));
                assertThat(a.session()).isEqualTo(target.idText());
                assertThat(a.owner()).isEqualTo(owner);
                assertSource(a, way);
            });
            assertThat(rows).filteredOn(a -> a.type().equals("access.denied")).isEmpty();
        } else {
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err().lines()).contains(DENIED_LINE);
            assertThat(target.gone()).as("the session is still there").isFalse();
            assertThat(rows).filteredOn(a -> a.type().equals("access.denied")).singleElement().satisfies(a -> {
                assertThat(a.actor()).isEqualTo(name(caller));
                assertThat(a.outcome()).isEqualTo("denied");
                assertThat(a.session()).isEqualTo(target.idText());
                assertThat(a.owner()).isEqualTo(owner);
                assertThat(a.detail()).startsWith("logoff:");
                assertSource(a, way);
            });
            assertThat(rows).filteredOn(a -> a.type().equals("session.logoff") && a.session().equals(target.idText()))
                    .isEmpty();
        }
    }

    /** A caller without Logon reaches nothing over SSH, whatever the command. */
    private void refusedAtLogon(Caller caller, Op op, Way way, int mark) {
        String[] args = op == Op.QUERY_OTHERS ? new String[] {"query", "session"}
                : new String[] {"logoff", victimSession.idText()};
        Shell.Result r = run(caller, way, args);
        if (way == Way.SSH) {
            assertThat(r.exit()).isEqualTo(255);
            assertThat(r.err()).contains("Permission denied");
        } else {
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err().lines()).contains(DENIED_LINE);
        }
        assertThat(r.out()).doesNotContain(victim.name());
        assertThat(victimSession.gone()).isFalse();
        assertLogonRefused(caller, awaitRow(mark, a -> a.type().equals("session.logon-refused")));
    }

    private void assertLogonRefused(Caller caller, List<AuditRows.Row> rows) {
        assertThat(rows).filteredOn(a -> a.type().equals("session.logon-refused")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo(name(caller));
            assertThat(a.outcome()).isEqualTo("denied");
            assertThat(a.source()).matches("ssh 127\\.0\\.0\\.1:\\d+");
            assertThat(a.detail()).isEqualTo("no Logon right");
        });
        assertThat(rows).filteredOn(a -> a.type().equals("session.logon")).isEmpty();
    }

    private static void assertSource(AuditRows.Row a, Way way) {
        // over SSH the command runs in the user's shell, in the exec session of the request
        assertThat(a.source()).matches(way == Way.SOCKET ? "local pid \\d+"
                : "ssh 127\\.0\\.0\\.1:\\d+ \\(session \\d+, pid \\d+\\)");
    }

    private Shell.Result run(Caller caller, Way way, String... args) {
        if (caller == Caller.ROOT) {
            return host.command(args);
        }
        TestUser u = users.get(caller);
        return switch (way) {
            case SOCKET -> host.commandAs(u, Map.of(), args);
            case SERVER -> {
                String[] withServer = Stream.concat(Stream.of(args), Stream.of(ServerSwitch.of(host)))
                        .toArray(String[]::new);
                yield host.commandAs(u, Map.of(), withServer);
            }
            case SSH -> new SshClient(host, u).exec(String.join(" ", args));
        };
    }

    private List<AuditRows.Row> since(int mark) {
        List<AuditRows.Row> all = AuditRows.read(host);
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    /**
     * {@link #since}, once a row matches: for what the daemon records after the client has gone, e.g. a
     * refused logon (recorded when the unauthenticated connection closes) or an exec session's logoff.
     */
    private List<AuditRows.Row> awaitRow(int mark, Predicate<AuditRows.Row> which) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> since(mark), rows -> rows.stream().anyMatch(which));
    }

    private String effective(Caller c) {
        Shell.Result r = host.command("rights", name(c)).requireSuccess("rights " + name(c));
        String line = r.out().trim();
        return line.substring(line.indexOf(": ") + 2, line.indexOf(" (groups"));
    }

    private String name(Caller c) {
        return c == Caller.ROOT ? "root" : users.get(c).name();
    }
}
