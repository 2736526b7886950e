package termhost.daemon.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.StoreException;

/**
 * The {@code sessions} table. Inserts and state updates survive a crash of the daemon (the data is
 * with the kernel) without waiting for the disk: after a crash of the whole machine no session
 * process survives either. Deletions are durable, and a logoff's deletion commits with its record.
 */
final class JdbcSessionStore implements SessionStore {
    private final Database db;
    private final JdbcAuditLog audit;

    JdbcSessionStore(Database db, JdbcAuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    @Override
    public void insert(Row r) {
        try {
            db.transactionWithoutSync(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, kind, state, owner_uid, "
                        + "owner_name, client_address, logon_time, disconnect_time, last_input_time, containment, "
                        + "terminal, terminal_pid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setInt(1, r.id());
                    ps.setString(2, r.kind().wireName());
                    ps.setString(3, r.state().wireName());
                    ps.setInt(4, r.ownerUid());
                    ps.setString(5, r.ownerName());
                    ps.setString(6, r.clientAddress());
                    ps.setLong(7, r.logonTime().toEpochMilli());
                    setInstant(ps, 8, r.disconnectTime());
                    setInstant(ps, 9, r.lastInputTime());
                    ps.setString(10, r.containment());
                    ps.setString(11, r.terminal());
                    if (r.terminalPid() == null) {
                        ps.setNull(12, Types.INTEGER);
                    } else {
                        ps.setInt(12, r.terminalPid());
                    }
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store session " + r.id(), e);
        }
    }

    @Override
    public void updateState(int id, SessionState state, Instant disconnectTime, String clientAddress) {
        try {
            db.transactionWithoutSync(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sessions SET state = ?, disconnect_time = ?, client_address = ? WHERE id = ?")) {
                    ps.setString(1, state.wireName());
                    setInstant(ps, 2, disconnectTime);
                    ps.setString(3, clientAddress);
                    ps.setInt(4, id);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the state of session " + id, e);
        }
    }

    @Override
    public void delete(int id) {
        try {
            db.transaction(c -> {
                delete(c, id);
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot delete session " + id, e);
        }
    }

    @Override
    public void deleteRecorded(int id, AuditEvent logoff) {
        // the record and the row's removal commit together: one fsync, and never one without the other
        audit.record(logoff, c -> delete(c, id));
    }

    private static void delete(java.sql.Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Row> all() {
        try {
            return db.transaction(c -> {
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, state, owner_uid, owner_name, "
                        + "client_address, logon_time, disconnect_time, last_input_time, containment, terminal, "
                        + "terminal_pid FROM sessions ORDER BY id");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int pid = rs.getInt(12);
                        Integer terminalPid = rs.wasNull() ? null : pid;
                        rows.add(new Row(rs.getInt(1), SessionKind.fromWireName(rs.getString(2)),
                                SessionState.fromWireName(rs.getString(3)), rs.getInt(4), rs.getString(5),
                                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), instant(rs, 8), instant(rs, 9),
                                rs.getString(10), rs.getString(11), terminalPid));
                    }
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot read the stored sessions", e);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, t.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
