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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.postgresql.PostgresCommandQueue;
import termhost.daemon.store.postgresql.SharedPostgres;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * Commands for a session on another host of the farm (issue #15 item 3): two daemons on 127.0.0.2
 * and .3 sharing one real PostgreSQL; a command given on host A for a session of host B travels
 * as a row of the command table, B runs it once with its own rules, and A prints B's answer as a
 * local command would print it.
 */
@Order(1) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class FarmCommandsIT {
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private TestDatabase db;
    private FarmHosts farm;
    private TermhostProcess a;
    private TermhostProcess b;

    @BeforeEach
    void farm() throws Exception {
        db = SharedPostgres.database(FarmCommandsIT.class); // fails, saying why, without a PostgreSQL
        farm = new FarmHosts(tmp, db, Duration.ofSeconds(2), Duration.ofMillis(500));
        a = farm.host("host-a", 2);
        b = farm.host("host-b", 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.logText().contains("host-b listening for commands")
                && a.logText().contains("host-a listening for commands"));
    }

    @AfterEach
    void closeAll() throws Exception {
        farm.close();
    }

    @Test
    void logoffOnAnotherHostWithServerOrHostIdEndsTheSessionThereAndAnswersAsALocalLogoff() throws Exception {
        TestUser alice = farm.user();
        HeldSession first = farm.session(b, alice);
        HeldSession second = farm.session(b, alice);

        Shell.Result byServer = a.command("logoff", first.idText(), "/server:host-b");
        Shell.Result byHostId = a.command("logoff", "host-b:" + second.id());

        for (Shell.Result r : List.of(byServer, byHostId)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty(); // as a local logoff: nothing unless /v
            assertThat(r.err()).isEmpty();
        }
        assertThat(first.gone()).isTrue();
        assertThat(second.gone()).isTrue();
        for (HeldSession s : List.of(first, second)) {
            assertThat(AuditRows.of(a, "farm.command", s.id())).extracting(AuditRows.Row::outcome)
                    .containsExactly("requested", "success");
            assertThat(AuditRows.of(b, "farm.command", s.id())).singleElement().satisfies(row -> {
                assertThat(row.outcome()).isEqualTo("success");
                assertThat(row.actor()).isEqualTo("root");
                assertThat(row.source()).contains("farm host host-a");
            });
            assertThat(AuditRows.of(b, "session.logoff", s.id())).isNotEmpty();
        }
    }

    @Test
    void tsdisconMsgAndResetReachASessionOnAnotherHost() throws Exception {
        TestUser alice = farm.user();
        LiveSession held = farm.add(LiveSession.logon(b, alice, tmp.resolve("term")));

        a.command("msg", "host-b:" + held.id(), "/time:30", "HELLO-FROM-HOST-A").requireSuccess("msg HOST:ID");
        held.terminal().awaitScreen("HELLO-FROM-HOST-A");
        a.command("tsdiscon", held.idText(), "/server:host-b").requireSuccess("tsdiscon /server:");
        SessionList.awaitState(b, held.id(), "Disc");
        a.command("reset", "session", held.idText(), "/server:host-b").requireSuccess("reset session /server:");

        assertThat(SessionList.of(b).byId(held.id())).isEmpty();
        assertThat(AuditRows.of(b, "farm.command", held.id())).extracting(AuditRows.Row::outcome)
                .containsExactly("success", "success", "success");
        assertThat(AuditRows.of(b, "session.message", held.id())).isNotEmpty();
    }

    @Test
    void anUnknownSessionOnAnotherHostGivesTheErrorThatHostGivesLocally() {
        Shell.Result relayed = a.command("logoff", "host-b:4321");
        Shell.Result local = b.command("logoff", "4321");

        assertThat(relayed.exit()).isNotZero();
        assertThat(relayed.err()).contains("Error [").isEqualTo(local.err());
        assertThat(relayed.out()).isEqualTo(local.out());
        assertThat(AuditRows.read(b)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("farm.command");
            assertThat(row.outcome()).isEqualTo("failed");
        });
    }

    @Test
    void aCallerWithoutTheLogoffRightOnTheOtherHostIsRefusedThere() throws Exception {
        TestUser alice = farm.user();
        TestUser bob = farm.user();
        HeldSession held = farm.session(b, alice);

        Shell.Result r = a.commandAs(bob, Map.of(), "logoff", "host-b:" + held.id());

        assertThat(r.exit()).isNotZero();
        assertThat(r.err().lines()).contains("Error [5]:Access is denied.");
        assertThat(held.gone()).isFalse();
        assertThat(AuditRows.of(b, "farm.command", held.id())).singleElement().satisfies(row -> {
            assertThat(row.outcome()).isEqualTo("denied");
            assertThat(row.actor()).isEqualTo(bob.name());
        });
        assertThat(AuditRows.of(a, "farm.command", held.id())).extracting(AuditRows.Row::outcome)
                .containsExactly("requested", "failed");
    }

    @Test
    void aCommandWhoseNotificationIsLostWithTheListeningConnectionRunsExactlyOnce() throws Exception {
        TestUser alice = farm.user();
        HeldSession held = farm.session(b, alice);

        // B paused, its listening connection cut: the command's NOTIFY reaches no one; B finds the
        // row by the scan that follows its LISTEN on a new connection
        Shell.Result r;
        b.signal("STOP");
        try {
            assertThat(terminateListener("host-b")).isEqualTo(1);
            CompletableFuture<Shell.Result> sent = CompletableFuture.supplyAsync(
                    () -> a.command("logoff", "host-b:" + held.id()));
            await().atMost(Duration.ofSeconds(8)).until(() -> db.one("SELECT count(*) FROM farm_commands").equals("1"));
            b.signal("CONT");
            r = sent.get(30, TimeUnit.SECONDS);
        } finally {
            b.signal("CONT");
        }

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(held.gone()).isTrue();
        assertThat(count(b.logText(), "host-b listening for commands")).isEqualTo(2);
        assertThat(AuditRows.of(b, "farm.command", held.id())).hasSize(1);
        assertThat(AuditRows.of(b, "session.logoff", held.id())).hasSize(1);
        assertThat(db.one("SELECT count(*) FROM farm_commands WHERE done IS NULL OR outcome IS NULL")).isEqualTo("0");
    }

    @Test
    void aHostThatDoesNotAnswerGivesError1722AndTheAbandonedCommandNeverRuns() throws Exception {
        TestUser alice = farm.user();
        HeldSession kept = farm.session(b, alice);
        HeldSession later = farm.session(b, alice);

        Shell.Result r;
        long started = System.nanoTime();
        b.signal("STOP");
        try {
            r = a.command("logoff", "host-b:" + kept.id());
        } finally {
            b.signal("CONT");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(r.exit()).isNotZero();
        assertThat(r.err().lines()).contains("Error [1722]:The RPC server is unavailable.");
        assertThat(took).isGreaterThanOrEqualTo(ANSWER_WAIT).isLessThan(ANSWER_WAIT.plusSeconds(8));
        assertThat(db.one("SELECT outcome->>'@type' FROM farm_commands WHERE session_id = " + kept.id()))
                .isEqualTo("abandoned");
        // B, resumed, takes its next command, and never the abandoned one
        a.command("logoff", "host-b:" + later.id()).requireSuccess("logoff after resume");
        assertThat(later.gone()).isTrue();
        assertThat(kept.gone()).isFalse();
        assertThat(AuditRows.of(b, "farm.command", kept.id())).isEmpty();
        assertThat(AuditRows.of(a, "farm.command", kept.id())).extracting(AuditRows.Row::outcome)
                .containsExactly("requested", "failed");
    }

    @Test
    void aServerThatIsNoHostOfTheFarmIsStillReachedOverSsh() {
        Shell.Result r = a.command("logoff", "3", "/server:nowhere.invalid");
        Shell.Result shorthand = a.command("logoff", "nowhere.invalid:3");

        assertThat(r.exit()).isNotZero();
        // the farm knows no such host: the command went over SSH, as it goes outside a farm
        assertThat(r.err()).contains("Cannot reach termhost on nowhere.invalid over SSH.")
                .doesNotContain("not a host of this farm");
        assertThat(shorthand.exit()).isNotZero();
        assertThat(shorthand.err().lines()).containsExactly("nowhere.invalid is not a host of this farm.",
                "Error [7022]:The specified session cannot be found.");
    }

    private int terminateListener(String host) throws SQLException {
        return Integer.parseInt(db.one("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = '" + PostgresCommandQueue.listenerName(host) + "' "
                // another class's farm on the shared server may have a host of the same name
                + "AND datname = current_database()"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
