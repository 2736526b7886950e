package termhost.daemon.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.FarmDirectory.Host;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.StoreException;

/**
 * The directory's rules on a real PostgreSQL: epochs fence, leases run on the server's clock,
 * listings span hosts, audit copies are idempotent, and a password never reaches a message.
 */
class PostgresFarmDirectoryTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static TestDatabase db;
    private PostgresFarmDirectory a;
    private PostgresFarmDirectory b;

    @BeforeAll
    static void database() {
        db = SharedPostgres.database(PostgresFarmDirectoryTest.class);
    }

    @BeforeEach
    void open() {
        TestDatabase.reset(db);
        a = new PostgresFarmDirectory(db.urlWithCredentials());
        b = new PostgresFarmDirectory(db.urlWithCredentials());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void registeringAgainBumpsTheEpochAndReplacesTheHostsSessions() {
        long first = a.register(new Host("a", "f", 100), LONG, List.of(row(2, "alice"), row(3, "bob")));
        long second = a.register(new Host("a", "f", 100), LONG, List.of(row(4, "carol")));

        assertThat(second).isEqualTo(first + 1);
        assertThat(a.sessions("f")).extracting(FarmDirectory.Listed::id).containsExactly(4);
    }

    @Test
    void aNameHeldByAnotherStoresLiveHostIsRefusedUntilItsLeaseEndsWhileItsOwnStoreRegistersAgain() {
        long first = a.register(new Host("a", "f", 100, "enable", "store-1"), Duration.ofMillis(500),
                List.of(row(2, "alice")));

        assertThat(b.register(new Host("a", "f", 100, "enable", "store-2"), LONG, List.of(row(9, "mallory"))))
                .as("another daemon given the same name").isZero();
        assertThat(a.sessions("f")).extracting(FarmDirectory.Listed::ownerName).containsExactly("alice");
        assertThat(a.renew("a", first, Duration.ofMillis(500))).as("the holder was not fenced").isTrue();
        long restarted = a.register(new Host("a", "f", 100, "enable", "store-1"), Duration.ofMillis(500),
                List.of(row(2, "alice")));
        assertThat(restarted).as("the same store: a restart").isEqualTo(first + 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> b.register(new Host("a", "f", 100, "enable", "store-2"),
                LONG, List.of(row(9, "mallory"))) > 0);
        assertThat(a.sessions("f")).extracting(FarmDirectory.Listed::ownerName).containsExactly("mallory");
    }

    @Test
    void aHostPastItsLeaseIsSweptLostAndItsOldEpochCanNoLongerWrite() {
        long epochA = a.register(new Host("a", "f", 100), Duration.ofMillis(200), List.of(row(2, "alice")));
        b.register(new Host("b", "f", 100), LONG, List.of(row(2, "bob")));

        await().atMost(Duration.ofSeconds(10)).until(() -> b.sweep().contains("a"));

        assertThat(a.renew("a", epochA, LONG)).isFalse();
        assertThat(a.put("a", epochA, row(2, "mallory"))).isFalse();
        assertThat(a.remove("a", epochA, 2)).isFalse();
        assertThat(a.sessions("f")).extracting(l -> l.host() + ":" + l.id() + ":" + l.ownerName() + ":" + l.hostUp())
                .containsExactly("a:2:alice:false", "b:2:bob:true");
        long again = a.register(new Host("a", "f", 100), LONG, List.of(row(2, "alice")));
        assertThat(again).isEqualTo(epochA + 2);
        assertThat(a.put("a", again, row(5, "dave"))).isTrue();
        assertThat(b.sweep()).isEmpty();
    }

    @Test
    void aLiveHostsLeaseIsRenewedAndItsWritesLand() {
        long epoch = a.register(new Host("a", "f", 100), Duration.ofSeconds(1), List.of());
        assertThat(a.put("a", epoch, row(2, "alice"))).isTrue();
        assertThat(a.renew("a", epoch, LONG)).isTrue();
        assertThat(a.put("a", epoch, new SessionStore.Row(2, SessionKind.INTERACTIVE, SessionState.DISCONNECTED,
                1000, "alice", "10.0.0.1:22", T, T, T, "g", null, null))).isTrue();

        assertThat(b.sweep()).isEmpty();
        assertThat(a.sessions("f")).singleElement().satisfies(l -> {
            assertThat(l.state()).isEqualTo(SessionState.DISCONNECTED);
            assertThat(l.disconnectTime()).isEqualTo(T);
            assertThat(l.clientAddress()).isEqualTo("10.0.0.1:22");
        });
        assertThat(a.remove("a", epoch, 2)).isTrue();
        assertThat(a.sessions("f")).isEmpty();
    }

    @Test
    void aStoppedHostsSessionsStayListedAsNotUpAndOtherFarmsAreNotListed() {
        long epoch = a.register(new Host("a", "f", 100), LONG, List.of(row(2, "alice")));
        b.register(new Host("b", "other", 100), LONG, List.of(row(3, "bob")));

        a.stopped("a", epoch);

        assertThat(a.sessions("f")).extracting(FarmDirectory.Listed::hostUp).containsExactly(false);
        assertThat(a.put("a", epoch, row(4, "carol"))).isFalse();
    }

    @Test
    void auditCopiesResumeAfterTheLastHeldAndRepeatsAddNothing() {
        assertThat(a.lastAudit("a", "s1")).isZero();
        List<AuditEntry> entries = List.of(entry(1), entry(2), entry(3));
        a.addAudit("a", "s1", entries.subList(0, 2));
        a.addAudit("a", "s1", entries); // a copy repeated after an outage cut its answer off

        assertThat(a.lastAudit("a", "s1")).isEqualTo(3);
        assertThat(a.lastAudit("a", "s2")).isZero();
        assertThat(b.lastAudit("a", "s1")).isEqualTo(3);
    }

    @Test
    void onlyAnsweredCommandsOlderThanTheRetentionArePurgedAndATakenOneOfALostHostIsAnswered() throws Exception {
        a.register(new Host("a", "f", 100), LONG, List.of());
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            String insert = "INSERT INTO farm_commands (host_id, session_id, verb, args, actor, actor_uid, actor_host, "
                    + "done, outcome) VALUES ";
            s.execute(insert + "('a', 1, 'logoff', '{}', 'root', 0, 'b', now() - interval '3 hours', '{}')");
            s.execute(insert + "('a', 2, 'logoff', '{}', 'root', 0, 'b', now() - interval '1 hour', '{}')");
            s.execute(insert + "('a', 3, 'logoff', '{}', 'root', 0, 'b', now() - interval '3 hours', NULL)");
            s.execute(insert + "('a', 4, 'logoff', '{}', 'root', 0, 'b', NULL, NULL)");
        }

        assertThat(b.purgeCommands(Duration.ofHours(2))).isEqualTo(1);
        assertThat(b.answerClaimed("a", java.util.Map.of("@type", "error"))).isEqualTo(1);

        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT session_id, outcome->>'@type' FROM farm_commands "
                        + "ORDER BY session_id")) {
            List<String> left = new java.util.ArrayList<>();
            while (rs.next()) {
                left.add(rs.getInt(1) + ":" + rs.getString(2));
            }
            // the unclaimed one (4) is its host's still: it may yet run, or be abandoned by its caller
            assertThat(left).containsExactly("2:null", "3:error", "4:null");
        }
    }

    @Test
    void onlyAuditCopiesOlderThanTheRetentionArePurgedWhateverTheirNumber() throws Exception {
        a.register(new Host("a", "f", 100), LONG, List.of()); // the directory's tables, made at the first call
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            // more old rows than one batch, so the purge must go on until none is left
            s.execute("INSERT INTO farm_audit (host_id, store_id, seq, at, type, outcome) SELECT 'a', 's1', g, "
                    + "(extract(epoch FROM now() - interval '40 days') * 1000)::bigint, 'session.logon', 'success' "
                    + "FROM generate_series(1, 25000) g");
            s.execute("INSERT INTO farm_audit (host_id, store_id, seq, at, type, outcome) VALUES ('a', 's1', 25001, "
                    + "(extract(epoch FROM now() - interval '20 days') * 1000)::bigint, 'session.logon', 'success')");
        }

        assertThat(b.purgeAudit(Duration.ofDays(30))).isEqualTo(25000);

        assertThat(b.lastAudit("a", "s1")).isEqualTo(25001);
        assertThat(b.purgeAudit(Duration.ofDays(30))).isZero();
    }

    @Test
    void aHostsLogonModeIsWrittenUnderItsEpochAndListedWithItsState() {
        long stale = a.register(new Host("a", "f", 100), LONG, List.of());
        long epoch = a.register(new Host("a", "f", 100, "drain"), LONG, List.of());
        b.register(new Host("b", "f", 100), LONG, List.of());

        assertThat(a.logonMode("a", stale, "enable")).isFalse(); // a stale epoch writes nothing
        assertThat(a.hosts("f")).extracting(h -> h.host() + ":" + h.state() + ":" + h.logonMode())
                .containsExactly("a:up:drain", "b:up:enable");
        assertThat(a.logonMode("a", epoch, "disable")).isTrue();
        a.stopped("a", epoch);
        assertThat(b.hosts("f")).extracting(h -> h.host() + ":" + h.state() + ":" + h.logonMode())
                .containsExactly("a:stopped:disable", "b:up:enable");
    }

    @Test
    void anUnreachableDirectoryFailsWithTheStoresExceptionNamingNoPassword() {
        PostgresFarmDirectory nowhere = new PostgresFarmDirectory(
                "jdbc:postgresql://127.0.0.1:1/farm?user=termhost&password=s3cret-word&connectTimeout=2");

        assertThatThrownBy(() -> nowhere.sweep()).isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("s3cret-word")
                .hasMessageContaining("password=***");
        nowhere.close();
    }

    private static final Instant T = Instant.ofEpochMilli(1_700_000_000_000L);

    private static SessionStore.Row row(int id, String owner) {
        return new SessionStore.Row(id, SessionKind.INTERACTIVE, SessionState.ACTIVE, 1000, owner, null, T, null, T,
                "group-" + id, "sock-" + id, 100);
    }

    private static AuditEntry entry(long seq) {
        return new AuditEntry(seq, new AuditEvent(T.plusMillis(seq), AuditType.LOGON, "alice", 1000, "ssh", 2,
                "alice", "success", null));
    }
}
