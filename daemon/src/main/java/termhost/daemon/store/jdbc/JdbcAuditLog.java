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
        return db.transaction(c -> {
            List<AuditEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, type, actor, actor_uid, source, session_id, "
                    + "session_owner, outcome, detail FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) "
                    + "AS recent "
                    + "ORDER BY seq")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new AuditEvent(Instant.ofEpochMilli(rs.getLong(1)),
                                AuditType.fromStableName(rs.getString(2)), rs.getString(3), integer(rs, 4),
                                rs.getString(5), integer(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9)));
                    }
                }
            }
            return events;
        });
    }

    private static void setInt(PreparedStatement ps, int index, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, v);
        }
    }

    private static Integer integer(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v;
    }
}
