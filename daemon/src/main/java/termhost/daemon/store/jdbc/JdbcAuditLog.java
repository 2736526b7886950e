package termhost.daemon.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.StoreException;

/**
 * The audit log in the store. {@link #record} returns only once the row is durable
 * (synchronous=FULL), so a command that reports success has its record written.
 *
 * <p>Records that arrive while another is being written share the next commit (group commit, as
 * databases do for their logs): the first waiting caller writes every queued record, each in its
 * own savepoint, in one transaction and so one fsync. Fifty sessions logged off at once then cost
 * a few disk flushes instead of fifty; a lone record costs what it did. Each record still commits
 * with its own work or not at all, and a caller returns only when its own record is durable.
 */
final class JdbcAuditLog implements AuditLog {
    private final Database db;
    /** Held by the caller writing a batch; the others queue meanwhile. */
    private final ReentrantLock writer = new ReentrantLock();
    private final Object queueLock = new Object();
    private List<Pending> queue = new ArrayList<>();

    JdbcAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(AuditEvent e) {
        record(e, c -> { });
    }

    /** Work to commit in the same transaction as an audit row. */
    interface AlsoDo {
        void run(java.sql.Connection c) throws SQLException;
    }

    /** Records {@code e} and does {@code also} in one transaction: both or neither. */
    void record(AuditEvent e, AlsoDo also) {
        Pending mine = new Pending(e, also);
        synchronized (queueLock) {
            queue.add(mine);
        }
        writer.lock();
        try {
            if (!mine.written) {
                List<Pending> batch;
                synchronized (queueLock) {
                    batch = queue;
                    queue = new ArrayList<>();
                }
                write(batch);
            }
        } finally {
            writer.unlock();
        }
        if (mine.failure instanceof SQLException sql) {
            throw new StoreException("cannot record " + e.type().stableName()
                    + (e.sessionId() == null ? "" : " of session " + e.sessionId()), sql);
        } else if (mine.failure instanceof RuntimeException rt) {
            throw rt;
        }
    }

    /** Writes a batch in one transaction, each record with its work in a savepoint of its own. */
    private void write(List<Pending> batch) {
        try {
            db.transaction(c -> {
                for (Pending p : batch) {
                    Savepoint sp = c.setSavepoint();
                    try {
                        p.also.run(c);
                        insert(c, p.event);
                        c.releaseSavepoint(sp);
                    } catch (SQLException | RuntimeException failed) {
                        if (batch.size() == 1) {
                            throw failed;
                        }
                        c.rollback(sp);
                        p.failure = failed;
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException failed) {
            for (Pending p : batch) {
                if (p.failure == null) {
                    p.failure = failed;
                }
            }
        }
        for (Pending p : batch) {
            p.written = true;
        }
    }

    private static void insert(java.sql.Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (at, type, actor, actor_uid, "
                + "source, session_id, session_owner, outcome, detail) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, e.at().toEpochMilli());
            ps.setString(2, e.type().stableName());
            ps.setString(3, e.actor());
            setInt(ps, 4, e.actorUid());
            ps.setString(5, e.source());
            setInt(ps, 6, e.sessionId());
            ps.setString(7, e.sessionOwner());
            ps.setString(8, e.outcome());
            ps.setString(9, e.detail());
            ps.executeUpdate();
        }
    }

    /** A record waiting for its commit; its fields are written and read under {@link #writer}. */
    private static final class Pending {
        final AuditEvent event;
        final AlsoDo also;
        boolean written;
        Exception failure;

        Pending(AuditEvent event, AlsoDo also) {
            this.event = event;
            this.also = also;
        }
    }

    @Override
    public List<AuditEvent> recent(int limit) {
        try {
            return readRecent(limit);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log", e);
        }
    }

    private List<AuditEvent> readRecent(int limit) throws SQLException {
        return read("SELECT * FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) AS recent ORDER BY seq",
                limit, null).stream().map(AuditEntry::event).toList();
    }

    /** Up to {@code limit} records after the one numbered {@code seq}, oldest first. */
    List<AuditEntry> after(long seq, int limit) {
        try {
            return read("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", limit, seq);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log after record " + seq, e);
        }
    }

    /** The rows of {@code select} (every column of audit_log; parameters: {@code after} if given, then the limit). */
    private List<AuditEntry> read(String select, int limit, Long after) throws SQLException {
        return db.transaction(c -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
                int i = 1;
                if (after != null) {
                    ps.setLong(i++, after);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new AuditEntry(rs.getLong("seq"), new AuditEvent(
                                Instant.ofEpochMilli(rs.getLong("at")), AuditType.fromStableName(rs.getString("type")),
                                rs.getString("actor"), integer(rs, "actor_uid"), rs.getString("source"),
                                integer(rs, "session_id"), rs.getString("session_owner"), rs.getString("outcome"),
                                rs.getString("detail"))));
                    }
                }
            }
            return entries;
        });
    }

    private static void setInt(PreparedStatement ps, int index, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, v);
        }
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
