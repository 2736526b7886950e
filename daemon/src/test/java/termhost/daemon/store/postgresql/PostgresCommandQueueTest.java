package termhost.daemon.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import termhost.daemon.store.CommandQueue;
import termhost.daemon.store.CommandQueue.Command;
import termhost.daemon.store.FarmDirectory.Host;
import termhost.daemon.store.StoreException;

/**
 * The command table's rules on a real PostgreSQL: only a farm's hosts take commands, a notification
 * wakes the host, a command is claimed once however many try, an abandoned one is never claimed,
 * and after a lost listening connection the next wait says so (fresh), for a scan.
 */
class PostgresCommandQueueTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static TestDatabase db;
    private PostgresCommandQueue a;
    private PostgresCommandQueue b;

    @BeforeAll
    static void database() {
        db = SharedPostgres.database(PostgresCommandQueueTest.class);
    }

    @BeforeEach
    void open() {
        TestDatabase.reset(db);
        try (PostgresFarmDirectory directory = new PostgresFarmDirectory(db.urlWithCredentials())) {
            directory.register(new Host("a", "f", 100), LONG, List.of());
            directory.register(new Host("b", "f", 100), LONG, List.of());
        }
        a = new PostgresCommandQueue(db.urlWithCredentials());
        b = new PostgresCommandQueue(db.urlWithCredentials());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static Command logoff(String host, int session) {
        return new Command(0, host, session, "logoff", Map.of("session", Integer.toString(session)), "alice", 1001, "a");
    }

    @Test
    void hostsWithNamesLongerThanAChannelNameAreWokenEachByItsOwn() {
        // 63 bytes is PostgreSQL's longest identifier: LISTEN would cut "host_" + these at the same
        // byte, and pg_notify refuses a longer channel, so two such hosts would share or lose wake-ups
        String long1 = "rack-07-session-host-" + "x".repeat(50) + ".example.org";
        String long2 = "rack-07-session-host-" + "x".repeat(50) + ".example.net";
        try (PostgresFarmDirectory directory = new PostgresFarmDirectory(db.urlWithCredentials())) {
            directory.register(new Host(long1, "f", 100), LONG, List.of());
            directory.register(new Host(long2, "f", 100), LONG, List.of());
        }
        assertThat(b.await(long1, Duration.ofMillis(10)).fresh()).isTrue();
        assertThat(a.await("a", Duration.ofMillis(10)).fresh()).isTrue();

        long seq = a.submit("f", logoff(long1, 3)).orElseThrow();

        assertThat(b.await(long1, Duration.ofSeconds(5)).commands()).containsExactly(seq);
        assertThat(PostgresCommandQueue.channel("host", long1)).isNotEqualTo(PostgresCommandQueue.channel("host", long2))
                .satisfies(c -> assertThat(c.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(64));
        assertThat(PostgresCommandQueue.channel("host", "b")).isEqualTo("host_b");
        assertThat(PostgresCommandQueue.channel("host", "ü".repeat(40))).as("cut between characters, never in one")
                .startsWith("host_" + "ü".repeat(20) + "_");
    }

    @Test
    void aCommandWakesItsHostWhichClaimsItOnceAndItsOutcomeWakesTheCaller() {
        assertThat(b.await("b", Duration.ofMillis(10)).fresh()).isTrue();
        assertThat(a.await("a", Duration.ofMillis(10)).fresh()).isTrue();

        long seq = a.submit("f", logoff("b", 3)).orElseThrow();

        assertThat(b.await("b", Duration.ofSeconds(5)).commands()).containsExactly(seq);
        Command claimed = b.claim("b", seq).orElseThrow();
        assertThat(claimed).isEqualTo(new Command(seq, "b", 3, "logoff", Map.of("session", "3"), "alice", 1001, "a"));
        assertThat(b.claim("b", seq)).isEmpty();
        assertThat(a.outcome(seq)).isEmpty();
        b.complete(claimed, Map.of("@type", "result", "session", "3"));
        assertThat(a.await("a", Duration.ofSeconds(5)).outcomes()).containsExactly(seq);
        assertThat(a.outcome(seq)).contains(Map.of("@type", "result", "session", "3"));
        assertThat(a.abandon(seq, Map.of("@type", "abandoned"))).isFalse();
    }

    @Test
    void onlyAHostOfTheFarmTakesCommands() {
        assertThat(a.submit("f", logoff("c", 3))).isEmpty();
        assertThat(a.submit("other", logoff("b", 3))).isEmpty();
        assertThat(a.undone("b")).isEmpty();
    }

    @Test
    void anAbandonedCommandIsNeverClaimed() {
        long seq = a.submit("f", logoff("b", 3)).orElseThrow();
        assertThat(b.undone("b")).containsExactly(seq);

        assertThat(a.abandon(seq, Map.of("@type", "abandoned"))).isTrue();

        assertThat(b.claim("b", seq)).isEmpty();
        assertThat(b.undone("b")).isEmpty();
        assertThat(a.outcome(seq)).contains(Map.of("@type", "abandoned"));
    }

    @Test
    void manyClaimersTakeACommandOnce() throws Exception {
        long seq = a.submit("f", logoff("b", 3)).orElseThrow();
        List<PostgresCommandQueue> claimers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Optional<Command>>> tries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PostgresCommandQueue q = new PostgresCommandQueue(db.urlWithCredentials());
                claimers.add(q);
                tries.add(() -> q.claim("b", seq));
            }
            int claimed = 0;
            for (Future<Optional<Command>> f : pool.invokeAll(tries)) {
                claimed += f.get().isPresent() ? 1 : 0;
            }
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            claimers.forEach(PostgresCommandQueue::close);
        }
    }

    @Test
    void aCutListeningConnectionFailsTheWaitAndTheNextWaitIsFresh() throws Exception {
        assertThat(b.await("b", Duration.ofMillis(10)).fresh()).isTrue();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresCommandQueue.listenerName("b") + "'");
        }
        long seq = a.submit("f", logoff("b", 3)).orElseThrow(); // its notification finds no one listening

        assertThatThrownBy(() -> b.await("b", Duration.ofSeconds(5))).isInstanceOf(StoreException.class)
                .hasMessageContaining("terminating connection")
                .hasMessageNotContaining(db.credentials().replaceAll(".*password=", ""));
        CommandQueue.Wakeups again = b.await("b", Duration.ofMillis(10));
        assertThat(again.fresh()).isTrue();
        assertThat(b.undone("b")).containsExactly(seq);
    }
}
