package termhost.daemon.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * The audit log on a real SQLite file: records written side by side share commits, yet each one
 * commits with its own work or not at all, and each caller learns its own outcome.
 */
class JdbcAuditLogTest {
    @TempDir
    Path tmp;

    @Test
    void recordsFromManyThreadsAtOnceAreAllWrittenWithTheirWork() throws Exception {
        try (Database db = SqliteStore.openDatabase(tmp.resolve("t.db"))) {
            JdbcAuditLog log = new JdbcAuditLog(db);
            int n = 200;
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = 1000 + i;
                done.add(pool.submit(() -> {
                    start.await();
                    log.record(event(id, "success"), c -> insertSession(c, id));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            assertThat(count(db, "SELECT COUNT(*) FROM audit_log WHERE type = 'session.logoff'")).isEqualTo(n);
            assertThat(count(db, "SELECT COUNT(*) FROM sessions WHERE id >= 1000")).isEqualTo(n);
        }
    }

    @Test
    void aRecordWhoseWorkFailsIsNotWrittenAndItsCallerIsToldWhileTheOthersAreWritten() throws Exception {
        try (Database db = SqliteStore.openDatabase(tmp.resolve("t.db"))) {
            JdbcAuditLog log = new JdbcAuditLog(db);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> good = new ArrayList<>();
            List<Future<?>> bad = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int id = 2000 + i;
                boolean fails = i % 4 == 0;
                (fails ? bad : good).add(pool.submit(() -> {
                    start.await();
                    log.record(event(id, fails ? "broken" : "success"), c -> {
                        insertSession(c, id);
                        if (fails) {
                            insertSession(c, id); // the primary key refuses it: the whole record must go
                        }
                    });
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : good) {
                f.get();
            }
            for (Future<?> f : bad) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(StoreException.class);
            }
            pool.shutdown();

            assertThat(count(db, "SELECT COUNT(*) FROM audit_log WHERE outcome = 'success'")).isEqualTo(30);
            assertThat(count(db, "SELECT COUNT(*) FROM audit_log WHERE outcome = 'broken'")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM sessions WHERE id >= 2000")).isEqualTo(30);
        }
    }

    @Test
    void aLoneRecordWhoseWorkFailsThrowsAndLeavesNothing() throws Exception {
        try (Database db = SqliteStore.openDatabase(tmp.resolve("t.db"))) {
            JdbcAuditLog log = new JdbcAuditLog(db);
            assertThatThrownBy(() -> log.record(event(3000, "x"), c -> {
                throw new SQLException("refused");
            })).isInstanceOf(StoreException.class).hasMessageEndingWith(": refused");
            log.record(event(3001, "success"));

            assertThat(count(db, "SELECT COUNT(*) FROM audit_log")).isEqualTo(1);
        }
    }

    private static AuditEvent event(int sessionId, String outcome) {
        return new AuditEvent(Instant.now(), AuditType.LOGOFF, "root", 0, "test", sessionId, "alice", outcome,
                "processes=1");
    }

    private static void insertSession(java.sql.Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, kind, state, owner_uid, owner_name, "
                + "logon_time, containment) VALUES (?, 'interactive', 'active', 1000, 'alice', 0, 'test')")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private static long count(Database db, String sql) throws SQLException {
        return db.transaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
