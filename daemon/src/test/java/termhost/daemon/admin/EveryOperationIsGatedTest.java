package termhost.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.AuditRequest;
import termhost.api.op.ConfigReply;
import termhost.api.op.ConfigRequest;
import termhost.api.op.ConnectRequest;
import termhost.api.op.DisconnectRequest;
import termhost.api.op.LogoffRequest;
import termhost.api.op.LogonModeRequest;
import termhost.api.op.MessageRequest;
import termhost.api.op.Operation;
import termhost.api.op.ProcessListReply;
import termhost.api.op.ProcessRow;
import termhost.api.op.QueryProcessRequest;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.Request;
import termhost.api.op.ResetRequest;
import termhost.api.op.RightsRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.api.wire.Message;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessGate;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.AccessRule;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.Principal;
import termhost.daemon.authz.Right;
import termhost.daemon.authz.Rights;
import termhost.daemon.config.Layout;
import termhost.daemon.config.SettingsLoader;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.session.TestSessions;
import termhost.daemon.store.Store;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * Issue item 3: every operation on the wire passes the one gate. The dispatcher is built from a
 * table that cannot leave an operation out ({@link Routes#complete}); this test walks
 * {@link Operation#values()} and sends each, as an unprivileged caller, against another user's
 * session or the host, through the real dispatcher, operations, policy and audit log (SQLite), with
 * only the session manager faked: a refusal is {@code Error [5]} with exactly one
 * {@code access.denied} row and nothing done; a listing leaves the other session out and records
 * nothing; the settings are open to all. An operation added to the wire without a line in
 * {@link #SCENARIOS} fails here.
 *
 * <p>The unprivileged caller is {@code nobody} with every right but Logon denied (Guest Access);
 * the other user is {@code daemon}. Both exist on every Debian-like host.
 */
class EveryOperationIsGatedTest {
    private static final int VICTIM = 7;
    private static final int OWN = 8;

    /** What an unprivileged caller meets, per operation. */
    private enum Gating { DENIED_ON_SESSION, DENIED_ON_HOST, FILTERED, OPEN }

    private record Scenario(Gating gating, Request<?> request) {
    }

    private static final Map<Operation, Scenario> SCENARIOS = scenarios();

    private static Map<Operation, Scenario> scenarios() {
        String victim = Integer.toString(VICTIM);
        Map<Operation, Scenario> s = new EnumMap<>(Operation.class);
        s.put(Operation.QUERY_SESSION, new Scenario(Gating.FILTERED, new QuerySessionRequest(null)));
        s.put(Operation.QUERY_USER, new Scenario(Gating.FILTERED, new QueryUserRequest(null)));
        s.put(Operation.QUERY_PROCESS, new Scenario(Gating.FILTERED, new QueryProcessRequest("*", null)));
        s.put(Operation.LOGOFF, new Scenario(Gating.DENIED_ON_SESSION, new LogoffRequest(victim, null)));
        s.put(Operation.RESET, new Scenario(Gating.DENIED_ON_SESSION, new ResetRequest(victim, null)));
        s.put(Operation.DISCONNECT, new Scenario(Gating.DENIED_ON_SESSION, new DisconnectRequest(victim)));
        s.put(Operation.CONNECT, new Scenario(Gating.DENIED_ON_SESSION, new ConnectRequest(victim, null, null)));
        s.put(Operation.MESSAGE, new Scenario(Gating.DENIED_ON_SESSION,
                new MessageRequest(List.of(victim), "hello", false, null)));
        s.put(Operation.AUDIT, new Scenario(Gating.DENIED_ON_HOST, new AuditRequest(null)));
        s.put(Operation.RIGHTS, new Scenario(Gating.DENIED_ON_HOST,
                new RightsRequest(RightsRequest.Action.GRANT, "nobody", "FullControl")));
        s.put(Operation.LOGON_MODE, new Scenario(Gating.DENIED_ON_HOST, new LogonModeRequest(null)));
        s.put(Operation.CONFIG, new Scenario(Gating.OPEN, new ConfigRequest()));
        return s;
    }

    @TempDir
    Path tmp;

    private Store db;
    private AuditLog audit;
    private OsUsers users;
    private FakeSessions sessions;
    private AdminService admin;
    private Caller nobody;

    @BeforeEach
    void build() throws Exception {
        db = SqliteStore.open(tmp.resolve("t.db"));
        audit = db.audit();
        users = new OsUsers(Clock.systemUTC());
        AccessPolicy policy = new AccessPolicy(users, db.permissions());
        Set<Right> allButLogon = EnumSet.complementOf(EnumSet.of(Right.LOGON));
        policy.add(Principal.parse("nobody"), true, allButLogon);
        OsUser nobodyUser = users.byName("nobody").orElseThrow();
        OsUser daemonUser = users.byName("daemon").orElseThrow();
        assertThat(policy.effectiveRights(nobodyUser.uid(), nobodyUser)).isEqualTo(Rights.GUEST_ACCESS);
        sessions = new FakeSessions(List.of(TestSessions.exec(VICTIM, daemonUser, 70),
                TestSessions.exec(OWN, nobodyUser, 80)));
        admin = adminService(new AccessGate(policy, audit, Clock.systemUTC()), policy);
        nobody = new Caller(nobodyUser.uid(), nobodyUser.name(), nobodyUser, "local pid 4242", Optional.empty());
    }

    private AdminService adminService(AccessGate gate, AccessPolicy policy) throws Exception {
        ConsoleSeat noConsole = new ConsoleSeat(tmp.resolve("no-utmp"));
        Clock clock = Clock.systemUTC();
        return new AdminService(gate, sessions, new AdminService.Operations(
                new QuerySessions(sessions, noConsole, "testhost", clock, java.util.Optional.empty()),
                new UserQuery(sessions, noConsole, "testhost", clock, java.util.Optional.empty()),
                new ProcessQuery(sessions),
                new LogoffOperation(sessions),
                new ConnectionControl(sessions, new termhost.daemon.authz.OwnerPasswords(
                        new termhost.daemon.authz.PamLogons(null, "termhost", java.time.Duration.ofSeconds(5)),
                        new termhost.daemon.authz.LogonThrottle(clock, 10, java.time.Duration.ofMinutes(1)),
                        java.time.Duration.ofSeconds(5))),
                new MessageOperation(sessions),
                new AuditQuery(audit),
                new RightsOperation(policy, users, audit, clock),
                new ConfigQuery(SettingsLoader.load(Layout.under(tmp), Map.of()), "test"),
                new LogonModeOperation(new LogonControl(db.hostSettings()), audit, clock)), Optional.empty());
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void everyOperationOnTheWireHasAScenarioHere() {
        assertThat(SCENARIOS.keySet()).as("say how each operation is gated")
                .containsExactlyInAnyOrder(Operation.values());
    }

    @Test
    void everyOperationOnTheWireIsRoutedWithARule() {
        assertThat(admin.operations()).containsExactlyInAnyOrder(Operation.values());
    }

    @Test
    void aDispatchTableMissingAnOperationIsRefused() {
        Routes partial = new Routes().add(Operation.CONFIG, ConfigRequest.class, AccessRule.open(),
                (permit, q, events) -> new ConfigReply(List.of()));
        assertThatThrownBy(partial::complete).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOGOFF");
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void anUnprivilegedCallerIsGated(Operation op) throws Exception {
        Scenario scenario = SCENARIOS.get(op);
        assertThat(scenario).as("no scenario for " + op).isNotNull();
        assertThat(scenario.request().operation()).isSameAs(op);
        int before = audit.recent(10_000).size();

        switch (scenario.gating()) {
            case DENIED_ON_SESSION, DENIED_ON_HOST -> {
                assertThatThrownBy(() -> send(nobody, scenario.request()))
                        .isInstanceOfSatisfying(TermhostException.class, e -> {
                            assertThat(e.category()).isEqualTo(ErrorCategory.ACCESS_DENIED);
                            assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_CODE_5);
                        });
                boolean onSession = scenario.gating() == Gating.DENIED_ON_SESSION;
                assertThat(since(before)).singleElement().satisfies(row -> {
                    assertThat(row.type()).isEqualTo(AuditType.ACCESS_DENIED);
                    assertThat(row.actor()).isEqualTo("nobody");
                    assertThat(row.actorUid()).isEqualTo(nobody.uid());
                    assertThat(row.source()).isEqualTo("local pid 4242");
                    assertThat(row.outcome()).isEqualTo("denied");
                    assertThat(row.sessionId()).isEqualTo(onSession ? VICTIM : null);
                    assertThat(row.sessionOwner()).isEqualTo(onSession ? "daemon" : null);
                });
                assertThat(sessions.acted).isEmpty();
            }
            case FILTERED -> {
                Message reply = send(nobody, scenario.request());
                assertThat(sessionIds(op, reply)).contains(OWN).doesNotContain(VICTIM);
                assertThat(since(before)).as("leaving a row out is not a denial").isEmpty();
            }
            case OPEN -> {
                assertThat(send(nobody, scenario.request()).type()).isEqualTo(Message.RESULT);
                assertThat(since(before)).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Operation.class, names = {"LOGOFF", "RESET", "DISCONNECT", "MESSAGE"})
    void oneOwnSessionIsAlwaysAllowed(Operation op) throws Exception {
        String own = Integer.toString(OWN);
        Request<?> request = switch (op) {
            case LOGOFF -> new LogoffRequest(own, null);
            case RESET -> new ResetRequest(own, null);
            case DISCONNECT -> new DisconnectRequest(own);
            case MESSAGE -> new MessageRequest(List.of(own), "hello", false, null);
            default -> throw new IllegalArgumentException(op.toString());
        };
        int before = audit.recent(10_000).size();

        assertThat(send(nobody, request).type()).isEqualTo(Message.RESULT);

        // reset is a logoff without the grace period
        assertThat(sessions.acted).containsExactly(op.wireName() + " " + OWN);
        assertThat(since(before)).filteredOn(r -> r.type() == AuditType.ACCESS_DENIED).isEmpty();
    }

    @Test
    void everySessionOneMayActOnIsTakenSilentlyByAStar() throws Exception {
        int before = audit.recent(10_000).size();

        send(nobody, new LogoffRequest("*", null));
        send(nobody, new MessageRequest(List.of("*"), "hello", false, null));

        assertThat(sessions.acted).containsExactly("logoff " + OWN, "message " + OWN);
        assertThat(since(before)).isEmpty();
    }

    @Test
    void theRowsThatAreNotSessionsAreRefusedEvenToRootOnceEach() throws Exception {
        OsUser rootUser = users.byUid(0).orElseThrow();
        Caller root = new Caller(0, "root", rootUser, "local pid 1", Optional.empty());
        int before = audit.recent(10_000).size();

        assertThatThrownBy(() -> send(root, new LogoffRequest("console", null)))
                .isInstanceOfSatisfying(TermhostException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.ACCESS_DENIED);
                    assertThat(e.messageKey()).isEqualTo(MessageKey.LOGOFF_ERROR_RESERVED);
                    assertThat(e.messageArgs()).containsExactly("1", "console");
                });

        assertThat(since(before)).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo(AuditType.ACCESS_DENIED);
            assertThat(row.sessionId()).isEqualTo(1);
            assertThat(row.detail()).isEqualTo("logoff: the console session cannot be logoffed");
        });
        assertThat(sessions.acted).isEmpty();
    }

    @Test
    void aDenialNamesWhatWasMissingInTheAuditLog() throws Exception {
        int before = audit.recent(10_000).size();

        assertThatThrownBy(() -> send(nobody, new LogoffRequest(Integer.toString(VICTIM), null)))
                .isInstanceOf(TermhostException.class);
        assertThatThrownBy(() -> send(nobody, new RightsRequest(RightsRequest.Action.LIST, null, null)))
                .isInstanceOf(TermhostException.class);

        assertThat(since(before)).extracting(AuditEvent::detail).containsExactly(
                "logoff: another user's session needs Logoff or Reset", "rights list: needs Full Control");
    }

    private Message send(Caller caller, Request<?> request) {
        return admin.handle(caller, request.toMessage(), event -> { });
    }

    private List<AuditEvent> since(int before) throws SQLException {
        List<AuditEvent> all = audit.recent(10_000);
        return all.subList(before, all.size());
    }

    private static List<Integer> sessionIds(Operation op, Message reply) {
        if (op == Operation.QUERY_PROCESS) {
            return ProcessListReply.fromMessage(reply).processes().stream().map(ProcessRow::id).toList();
        }
        return SessionListReply.fromMessage(reply).sessions().stream().map(SessionRow::id).toList();
    }
}
