package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.postgresql.PostgresCluster;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * Three daemons, each on its own loopback address (127.0.0.2 to .4), publishing to one real
 * PostgreSQL (a private cluster of this class: one test stops and restarts it). Leases are short
 * (2 s, heartbeat 0.5 s) so a lost host is found in seconds. The directory is read with SQL, as an
 * administrator of the database would.
 */
@Order(1) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class FarmIT {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static PostgresCluster postgres;

    @TempDir
    Path tmp;
    private TestDatabase db;
    private FarmHosts farm;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresCluster.start(); // fails, saying why, when it cannot: never a silent skip
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void database() {
        db = postgres.createDatabase("farm_it");
        farm = new FarmHosts(tmp, db, LEASE, HEARTBEAT);
    }

    @AfterEach
    void closeAll() throws Exception {
        farm.close();
    }

    private TermhostProcess host(String name, int address) throws Exception {
        return farm.host(name, address);
    }

    private TestUser user() throws Exception {
        return farm.user();
    }

    private HeldSession session(TermhostProcess host, TestUser user) throws Exception {
        return farm.session(host, user);
    }

    @Test
    void everyHostPublishesItsSessionsKeyedByHostAndId() throws Exception {
        TermhostProcess a = host("host-a", 2);
        TermhostProcess b = host("host-b", 3);
        TermhostProcess c = host("host-c", 4);
        TestUser alice = user();
        TestUser bob = user();
        HeldSession onA = session(a, alice);
        HeldSession onB = session(b, bob);
        HeldSession onC = session(c, alice);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(directory()).containsExactly(
                "host-a:" + onA.id() + ":" + alice.name() + ":up", "host-b:" + onB.id() + ":" + bob.name() + ":up",
                "host-c:" + onC.id() + ":" + alice.name() + ":up"));

        // the farm as one server: every host's sessions, with the SERVER column and each session's name as
        // its host lists it (published with the session, or at the next heartbeat), asked on any host
        List<String> expected = List.of(
                " SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE      SERVER",
                row(alice, onA, a, "host-a"),
                row(bob, onB, b, "host-b"),
                row(alice, onC, c, "host-c"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(c.command("query", "session",
                "/server:farm").requireSuccess("query session /server:farm").out().lines().toList())
                .containsExactlyElementsOf(expected));
        Shell.Result json = a.command("query", "session", "/server:FARM", "/format:json").requireSuccess("json");
        assertThat(JsonText.rows(json.out())).extracting(r -> r.get("HostServer") + ":" + r.get("UnifiedSessionId"))
                .containsExactly("host-a:" + onA.id(), "host-b:" + onB.id(), "host-c:" + onC.id());
        // without Query Information (on the host asked), one's own sessions only, on every host
        a.command("rights", "/deny:" + alice.name(), "QueryInformation").requireSuccess("rights /deny");
        Shell.Result mine = a.commandAs(alice, java.util.Map.of(), "query", "user", "/server:farm");
        assertThat(mine.exit()).as(mine.err()).isZero();
        assertThat(mine.out()).contains("host-a").contains("host-c").doesNotContain(bob.name())
                .doesNotContain("host-b");

        onB.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(directory()).containsExactly(
                "host-a:" + onA.id() + ":" + alice.name() + ":up", "host-c:" + onC.id() + ":" + alice.name() + ":up"));
        for (TermhostProcess t : List.of(a, b, c)) {
            assertThat(t.logText()).doesNotContain(db.credentials().replaceAll(".*password=", ""));
        }
    }

    @Test
    void aKilledHostIsMarkedLostWithinLeasePlusSweepAndItsSessionsStayListed() throws Exception {
        TermhostProcess a = host("host-a", 2);
        TermhostProcess b = host("host-b", 3);
        TestUser alice = user();
        HeldSession onB = session(b, alice);
        TestUser carol = user();
        Terminal survivor = farm.add(new SshClient(b, carol).interactive(tmp.resolve("carol"), 120, 40));
        long shell = Long.parseLong(survivor.run("echo $$"));
        int survivorId = SessionList.of(b).ofUser(carol.name()).orElseThrow().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> directory().contains("host-b:" + onB.id() + ":"
                + alice.name() + ":up"));

        long killed = System.nanoTime();
        b.kill9();
        await().atMost(LEASE.plus(HEARTBEAT).plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> "lost".equals(hostState("host-b")));
        Duration found = Duration.ofNanos(System.nanoTime() - killed);

        System.err.println("host-b marked lost " + found.toMillis() + " ms after SIGKILL");
        // at most a lease (the last renewal just before the kill) plus a heartbeat (A's next sweep)
        assertThat(found).isLessThan(LEASE.plus(HEARTBEAT).plusSeconds(1));
        assertThat(directory()).contains("host-b:" + onB.id() + ":" + alice.name() + ":down");
        assertThat(a.logText()).contains("host-b");
        // who saw it: the sweeping host audits the loss, and copies the record up with its others
        assertThat(AuditRows.read(a)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("farm.host-lost");
            assertThat(row.source()).isEqualTo("farm host host-a");
            assertThat(row.detail()).contains("host host-b of farm farm missed its lease");
        });
        assertThat(a.command("query", "session", "/server:farm").requireSuccess("query session").out())
                .containsPattern(alice.name() + " +" + onB.id() + "  Down +host-b");

        // it comes back: the session that outlived it is re-adopted and published again, its shell the same
        long lostEpoch = epoch("host-b");
        b.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> "up".equals(hostState("host-b")));
        assertThat(epoch("host-b")).isGreaterThan(lostEpoch);
        await().atMost(Duration.ofSeconds(10)).until(() -> directory().contains("host-b:" + survivorId + ":"
                + carol.name() + ":up"));
        assertThat(Procs.alive(shell)).isTrue();
        assertThat(a.command("query", "session", "/server:farm").requireSuccess("query session").out())
                .containsPattern(carol.name() + " +" + survivorId + "  Disc +host-b");
    }

    @Test
    void aHostPausedPastItsLeaseIsFencedThenRegistersAgainWithANewEpoch() throws Exception {
        host("host-a", 2);
        TermhostProcess b = host("host-b", 3);
        TestUser alice = user();
        HeldSession onB = session(b, alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> directory().contains("host-b:" + onB.id() + ":"
                + alice.name() + ":up"));
        long before = epoch("host-b");

        b.signal("STOP");
        try {
            await().atMost(LEASE.plusSeconds(5)).until(() -> "lost".equals(hostState("host-b")));
            assertThat(epoch("host-b")).isEqualTo(before + 1); // the sweep's bump: B's epoch is stale now
            db.execute("DELETE FROM farm_sessions WHERE host_id = 'host-b'"); // the directory moves on meanwhile
        } finally {
            b.signal("CONT");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(hostState("host-b")));
        assertThat(epoch("host-b")).isEqualTo(before + 2);
        assertThat(b.logText()).contains("was fenced (epoch " + before + " is stale");
        await().atMost(Duration.ofSeconds(10)).until(() -> directory().contains("host-b:" + onB.id() + ":"
                + alice.name() + ":up"));
    }

    @Test
    void withPostgresqlStoppedSessionsGoOnAndOnItsReturnTheDirectoryIsRebuiltWithEveryAuditRecord()
            throws Exception {
        TermhostProcess a = host("host-a", 2);
        TestUser alice = user();
        TestUser bob = user();
        HeldSession held = session(a, alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> directory().contains("host-a:" + held.id() + ":"
                + alice.name() + ":up"));

        postgres.stop();
        HeldSession during;
        try {
            during = session(a, bob); // logons while the directory is gone: one stays, one logs off
            session(a, bob).close();
            Shell.Result exec = new SshClient(a, alice).exec("echo still-here");
            assertThat(exec.out()).contains("still-here");
            assertThat(held.gone()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.logText().contains("farm directory unavailable"));
        } finally {
            postgres.startServer();
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> a.logText().contains("farm directory reached again"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(directory()).containsExactly("host-a:" + held.id() + ":" + alice.name() + ":up",
                    "host-a:" + during.id() + ":" + bob.name() + ":up");
            assertThat(directoryAudit("host-a")).containsExactlyElementsOf(localAudit(a));
        });
        assertThat(a.logText()).containsOnlyOnce("farm directory unavailable");
    }

    @Test
    void aDirectoryUnreachableAtStartDelaysNothingAndAMalformedUrlStopsTheStartSayingWhy() throws Exception {
        TermhostProcess lone = TermhostProcess.start(tmp.resolve("lone"), "listen=127.0.0.2:0",
                "farm.url=jdbc:postgresql://127.0.0.1:1/farm?user=t&password=never-shown&connectTimeout=1");
        farm.add(lone);
        TestUser alice = user();
        HeldSession s = session(lone, alice);

        await().atMost(Duration.ofSeconds(10)).until(() -> lone.logText().contains("farm directory unavailable"));
        assertThat(s.gone()).isFalse();
        assertThat(lone.logText()).doesNotContain("never-shown").doesNotContain("\tat ")
                .containsOnlyOnce("farm directory unavailable");
        assertThat(lone.command("config").out()).contains("password=***").doesNotContain("never-shown");

        try (TermhostProcess bad = TermhostProcess.start(tmp.resolve("bad"), "listen=127.0.0.3:0",
                "farm.url=postgresql://db/farm?password=never-shown")) {
            throw new AssertionError("the daemon started with a malformed farm.url");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("farm.url: not a PostgreSQL JDBC URL").doesNotContain("never-shown")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void withTheDirectoryRequiredANewSessionIsRefusedWhileItCannotBeReached() throws Exception {
        TermhostProcess strict = TermhostProcess.start(tmp.resolve("strict"), "listen=127.0.0.2:0",
                "farm.url=jdbc:postgresql://127.0.0.1:1/farm?connectTimeout=1", "farm.directory-required=true");
        farm.add(strict);
        TestUser alice = user();

        Shell.Result r = new SshClient(strict, alice).exec("echo in");

        assertThat(r.out()).doesNotContain("in");
        assertThat(r.err()).contains("farm's directory cannot be reached");
        assertThat(AuditRows.read(strict)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("session.logon-refused");
            assertThat(row.detail()).contains("farm's directory");
        });
    }

    /** A row of {@code query session /server:FARM}: the Windows columns, then SERVER from 80. */
    private static String row(TestUser user, HeldSession session, TermhostProcess on, String host) {
        String name = SessionList.of(on).byId(session.id()).orElseThrow().name();
        assertThat(name).startsWith("ssh#");
        return String.format(" %-18s%-22s%5d  %-8s%-12s%-12s%s", name, user.name(), session.id(), "Active", "", "",
                host);
    }

    // --- the directory, read as its database's administrator would

    /** Every listed session as {@code host:id:owner:up|down}. */
    private List<String> directory() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT s.host_id, s.session_id, s.owner_name, h.state = 'up' AND h.lease_until > now() "
                        + "FROM farm_sessions s JOIN farm_hosts h USING (host_id) ORDER BY 1, 2")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getString(3) + ":"
                        + (rs.getBoolean(4) ? "up" : "down"));
            }
        }
        return rows;
    }

    private String hostState(String host) throws SQLException {
        return db.one("SELECT state FROM farm_hosts WHERE host_id = '" + host + "'");
    }

    private long epoch(String host) throws SQLException {
        return Long.parseLong(db.one("SELECT epoch FROM farm_hosts WHERE host_id = '" + host + "'"));
    }

    private Set<String> directoryAudit(String host) throws SQLException {
        return audit(db.connect(), "SELECT seq, type, session_id FROM farm_audit WHERE host_id = '" + host + "'");
    }

    private static Set<String> localAudit(TermhostProcess t) throws SQLException {
        return audit(DriverManager.getConnection("jdbc:sqlite:" + t.database()),
                "SELECT seq, type, session_id FROM audit_log");
    }

    /** {@code seq:type:session} of each row, in order of seq. */
    private static Set<String> audit(Connection c, String query) throws SQLException {
        Set<String> rows = new TreeSet<>((x, y) -> Long.compare(Long.parseLong(x.split(":")[0]),
                Long.parseLong(y.split(":")[0])));
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + ":" + rs.getString(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }
}
