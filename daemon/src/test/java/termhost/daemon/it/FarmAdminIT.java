package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.postgresql.PostgresCluster;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * Administering a farm as one (issue #15 item 3): three daemons on 127.0.0.2 to .4 sharing one real
 * PostgreSQL, one farm for the whole class (its tests run in order; each makes users of its own and
 * leaves the hosts' modes as it found them). {@code change logon} reaches another host through the
 * command table and its mode is published at once; {@code /query /server:FARM} lists each host's;
 * {@code logoff * /state:disc /server:FARM} ends the farm's disconnected sessions, each by its host,
 * a line as each answers; a host that does not answer fails its sessions with {@code Error [1722]}.
 * The directory is read with SQL, as the database's administrator would.
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FarmAdminIT {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final String ENABLED = "New user logons are ENABLED.";
    private static final String DRAIN = "New user logons are DISABLED; reconnections to existing sessions are ENABLED.";

    @TempDir
    static Path dir;
    private static TestDatabase db;
    private static FarmHosts farm;
    private static TermhostProcess a;
    private static TermhostProcess b;
    private static TermhostProcess c;

    @BeforeAll
    static void startFarm() throws Exception {
        // a server of its own: host-c is stopped past its lease, and other classes' farms have hosts of the same names
        PostgresCluster postgres = PostgresCluster.start(); // fails, saying why, when it cannot: never a silent skip
        db = postgres.createDatabase("farm_admin_it");
        farm = new FarmHosts(dir, db, LEASE, HEARTBEAT);
        farm.add(postgres); // stopped last, after the daemons
        a = farm.host("host-a", 2);
        b = farm.host("host-b", 3);
        c = farm.host("host-c", 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(a, b, c).stream()
                .allMatch(t -> t.logText().contains("listening for commands")));
    }

    @AfterAll
    static void stopFarm() throws Exception {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    @Order(1)
    void aDrainSetOnAnotherHostRunsThereOnceIsPublishedAtOnceAndThatHostTakesNoNewSession() throws Exception {
        TestUser newcomer = farm.user();
        try {
            Shell.Result r = a.command("change", "logon", "/drain", "/server:host-b");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().lines()).containsExactly(DRAIN);
            await().atMost(Duration.ofSeconds(10)).until(() -> "drain".equals(logonMode("host-b")));
            assertThat(logonMode("host-a")).isEqualTo("enable");
            assertThat(b.command("change", "logon", "/query").requireSuccess("query on b").out().lines())
                    .containsExactly(DRAIN);
            Shell.Result refused = new SshClient(b, newcomer).exec("echo in");
            assertThat(refused.out()).doesNotContain("in");
            assertThat(refused.err()).contains("logons are drain on this host");
            // asked on one host, done on the other, each audits its side
            assertThat(AuditRows.read(a)).filteredOn(row -> row.type().equals("farm.command"))
                    .filteredOn(row -> row.detail().contains("logon-mode"))
                    .extracting(AuditRows.Row::outcome).containsExactly("requested", "success");
            assertThat(AuditRows.read(b)).filteredOn(row -> row.type().equals("farm.command"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.outcome()).isEqualTo("success");
                        assertThat(row.source()).contains("farm host host-a");
                    });
            assertThat(AuditRows.read(b)).anySatisfy(row -> {
                assertThat(row.type()).isEqualTo("logon.mode");
                assertThat(row.detail()).isEqualTo("logons drain");
            });
        } finally {
            a.command("change", "logon", "/enable", "/server:host-b").requireSuccess("enable host-b");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "enable".equals(logonMode("host-b")));
    }

    @Test
    @Order(2)
    void theFarmsModesAreOneLinePerHostAndAModeForTheWholeFarmIsRefused() throws Exception {
        c.command("change", "logon", "/drain").requireSuccess("drain on c itself");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "drain".equals(logonMode("host-c")));

            Shell.Result r = b.command("change", "logon", "/query", "/server:farm");
            Shell.Result set = a.command("change", "logon", "/enable", "/server:FARM");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().lines()).containsExactly("host-a: " + ENABLED, "host-b: " + ENABLED,
                    "host-c: " + DRAIN);
            assertThat(set.exit()).isNotZero();
            assertThat(set.err().lines()).containsExactly("Invalid parameter(s): /server:FARM is the whole farm, and a"
                    + " logon mode is one host's: name the host with /server:HOST",
                    "Type \"change logon /?\" for the syntax.");
            assertThat(logonMode("host-c")).isEqualTo("drain");
        } finally {
            c.command("change", "logon", "/enable").requireSuccess("enable on c");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "enable".equals(logonMode("host-c")));
    }

    @Test
    @Order(3)
    void theFarmsListingsShowEachSessionsNameAndIdleTimeAsItsHostDoes() throws Exception {
        TestUser alice = farm.user();
        try (HeldSession held = HeldSession.open(b, alice)) {
            String name = SessionList.of(b).byId(held.id()).orElseThrow().name();
            assertThat(name).startsWith("ssh#");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.command("query", "session", "/server:farm").requireSuccess("query session").out())
                        .containsPattern("(?m)^ " + name + " +" + alice.name() + " +" + held.id() + "  Active +host-b$");
                assertThat(a.command("query", "user", "/server:farm").requireSuccess("query user").out())
                        .containsPattern("(?m)^ " + alice.name() + " +" + name + " +" + held.id()
                                + "  Active +\\. .*host-b$");
            });
        }
    }

    @Test
    @Order(4)
    void logoffOfTheFarmsDisconnectedSessionsEndsThemOnEveryHostALineEachAndLeavesActiveOnes() throws Exception {
        TestUser alice = farm.user();
        int onA = disconnectedSession(a, alice, "disc-a");
        int onB = disconnectedSession(b, alice, "disc-b");
        int onC = disconnectedSession(c, alice, "disc-c");
        HeldSession activeA = farm.session(a, alice);
        HeldSession activeC = farm.session(c, alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> disconnectedInDirectory(alice) == 3);

        Shell.Result r = a.command("logoff", "*", "/state:disc", "/server:farm");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(progress(r).get(0)).containsExactlyInAnyOrder("[1/3]", "[2/3]", "[3/3]");
        assertThat(progress(r).get(1)).containsExactlyInAnyOrder(line("host-a", onA, alice, "ok"),
                line("host-b", onB, alice, "ok"), line("host-c", onC, alice, "ok"));
        assertThat(r.out().lines().toList()).last().isEqualTo("Logged off 3 session(s).");
        assertThat(SessionList.of(a).byId(onA)).isEmpty();
        assertThat(SessionList.of(b).byId(onB)).isEmpty();
        assertThat(SessionList.of(c).byId(onC)).isEmpty();
        assertThat(activeA.gone()).isFalse();
        assertThat(activeC.gone()).isFalse();
        assertThat(AuditRows.of(b, "farm.command", onB)).extracting(AuditRows.Row::outcome).containsExactly("success");
        assertThat(AuditRows.of(b, "session.logoff", onB)).isNotEmpty();
        // (ids are per host: host-b's may be the same number)
        assertThat(AuditRows.of(a, "farm.command", onC)).filteredOn(row -> row.detail().contains("host-c"))
                .extracting(AuditRows.Row::outcome).containsExactly("requested", "success");
        activeA.close();
        activeC.close();
    }

    /**
     * Last: host-c is stopped (SIGSTOP) past its lease. Its disconnected session cannot be logged off
     * and says why, the command exits non-zero; the farm's query marks host-c lost, and a command
     * host-c had taken and never answered gets Error [1722] from the sweep that marks it lost.
     */
    @Test
    @Order(5)
    void aStoppedHostFailsItsSessionsWithError1722AndTheCommandExitsNonZero() throws Exception {
        TestUser bob = farm.user();
        int onA = disconnectedSession(a, bob, "stop-a");
        int onC = disconnectedSession(c, bob, "stop-c");
        await().atMost(Duration.ofSeconds(10)).until(() -> disconnectedInDirectory(bob) == 2);
        // as if host-c had claimed a command just before it stopped
        db.execute("INSERT INTO farm_commands (host_id, session_id, verb, args, actor, actor_uid, actor_host, done) "
                + "VALUES ('host-c', 4242, 'logoff', '{}', 'root', 0, 'host-b', now())");

        Shell.Result r;
        Shell.Result modes;
        c.signal("STOP");
        try {
            r = a.command("logoff", "*", "/state:disc", "/server:farm");
            await().atMost(LEASE.plusSeconds(5)).until(() -> "lost".equals(db.one(
                    "SELECT state FROM farm_hosts WHERE host_id = 'host-c'")));
            modes = a.command("change", "logon", "/query", "/server:farm");
        } finally {
            c.signal("CONT");
        }

        assertThat(r.exit()).isNotZero();
        assertThat(progress(r).get(0)).containsExactlyInAnyOrder("[1/2]", "[2/2]");
        assertThat(progress(r).get(1)).containsExactlyInAnyOrder(line("host-a", onA, bob, "ok"),
                line("host-c", onC, bob, "failed: Error [1722]"));
        assertThat(r.err().lines()).containsExactly("1 of 2 session(s) could not be logged off.",
                "Error [1722]:The RPC server is unavailable.");
        assertThat(modes.out().lines()).contains("host-c (lost: missed its lease): " + ENABLED);
        // answered by the sweep that marked host-c lost (while it was stopped), not by host-c
        await().atMost(Duration.ofSeconds(5)).until(() -> db.one("SELECT outcome->>'@type' || ' ' || "
                + "(outcome->>'category') || ' ' || (outcome->>'key') FROM farm_commands WHERE session_id = 4242"),
                "error unavailable error.farm_host_lost"::equals);
        await().atMost(Duration.ofSeconds(15)).until(() -> "up".equals(db.one(
                "SELECT state FROM farm_hosts WHERE host_id = 'host-c'")));
        assertThat(SessionList.of(c).byId(onC)).as("never logged off").isPresent();
        assertThat(SessionList.of(a).byId(onA)).isEmpty();
    }

    /** A line of the farm's logoff without its {@code [n/N]}: which answer came n-th is the hosts' business. */
    private static String line(String host, int id, TestUser user, String outcome) {
        return " session " + host + ":" + id + " (" + user.name() + "): " + outcome;
    }

    /** The progress lines of {@code r}: each one's {@code [n/N]}, and the rest of each. */
    private static List<List<String>> progress(Shell.Result r) {
        List<String> lines = r.out().lines().filter(l -> l.startsWith("[")).toList();
        return List.of(lines.stream().map(l -> l.substring(0, l.indexOf(']') + 1)).toList(),
                lines.stream().map(l -> l.substring(l.indexOf(']') + 1)).toList());
    }

    /** An interactive session of {@code user} on {@code host}, its client gone: Disc, there and in the directory. */
    private static int disconnectedSession(TermhostProcess host, TestUser user, String name) throws Exception {
        LiveSession s = LiveSession.logon(host, user, dir.resolve(name));
        s.close();
        SessionList.awaitState(host, s.id(), "Disc");
        return s.id();
    }

    private static int disconnectedInDirectory(TestUser user) throws SQLException {
        return Integer.parseInt(db.one("SELECT count(*) FROM farm_sessions WHERE state = 'disconnected' AND owner_name = '"
                + user.name() + "'"));
    }

    private static String logonMode(String host) throws SQLException {
        return db.one("SELECT logon_mode FROM farm_hosts WHERE host_id = '" + host + "'");
    }
}
