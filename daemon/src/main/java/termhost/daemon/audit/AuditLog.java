package termhost.daemon.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import termhost.daemon.store.Database;

/**
 * The audit log in the store. {@link #record} returns only once the row is durable
 * (synchronous=FULL), so a command that reports success has its record written.
 */
public final class AuditLog {
    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    public void record(AuditEvent e) throws SQLException {
        record(e, c -> { });
    }

    /** Work to commit in the same transaction as an audit row. */
    public interface AlsoDo {
        void run(java.sql.Connection c) throws SQLException;
    }

    /** Records {@code e} and does {@code also} in one transaction: both or neither. */
    public void record(AuditEvent e, AlsoDo also) throws SQLException {
        db.transaction(c -> {
            also.run(c);
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
            return null;
        });
    }

    /** The newest {@code limit} events, oldest first. */
    public List<AuditEvent> recent(int limit) throws SQLException {
        return db.transaction(c -> {
            List<AuditEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, type, actor, actor_uid, source, session_id, "
                    + "session_owner, outcome, detail FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) "
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
