package termhost.daemon.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.jdbc.Database;

/**
 * The farm's directory on PostgreSQL (tables of migration V4). One connection, made on first use
 * and again after a failure; leases use the server's {@code now()}. Each session write first reads
 * its host's row {@code FOR SHARE}: a sweep, which updates that row, then cannot commit between the
 * epoch check and the write.
 */
public final class PostgresFarmDirectory implements FarmDirectory {
    private static final String UP = "up";

    private final Reconnecting db;

    /** Connects lazily: an unreachable server is a {@link StoreException} of the first call, never of this. */
    public PostgresFarmDirectory(String url) {
        this.db = new Reconnecting(url, "the farm directory");
    }

    @Override
    public synchronized long register(Host host, Duration lease, List<SessionStore.Row> sessions) {
        return run("register host " + host.id(), c -> {
            long epoch;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_hosts (host_id, farm, weight, epoch, "
                    + "state, lease_until, logon_mode, store_id) VALUES (?, ?, ?, 1, 'up', "
                    + "now() + ? * interval '1 millisecond', ?, ?) "
                    + "ON CONFLICT (host_id) DO UPDATE SET farm = EXCLUDED.farm, weight = EXCLUDED.weight, "
                    + "epoch = farm_hosts.epoch + 1, state = 'up', lease_until = EXCLUDED.lease_until, "
                    + "logon_mode = EXCLUDED.logon_mode, store_id = EXCLUDED.store_id, changed = now() "
                    // the same store again (a restart, a fenced host) or a name no live host holds
                    + "WHERE NOT (farm_hosts.state = 'up' AND farm_hosts.lease_until > now() "
                    + "AND farm_hosts.store_id IS DISTINCT FROM EXCLUDED.store_id) RETURNING epoch")) {
                ps.setString(1, host.id());
                ps.setString(2, host.farm());
                ps.setInt(3, host.weight());
                ps.setLong(4, lease.toMillis());
                ps.setString(5, host.logonMode());
                ps.setString(6, host.storeId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0L; // another daemon holds the name
                    }
                    epoch = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM farm_sessions WHERE host_id = ?")) {
                ps.setString(1, host.id());
                ps.executeUpdate();
            }
            for (SessionStore.Row r : sessions) {
                upsert(c, host.id(), epoch, r);
            }
            return epoch;
        });
    }

    @Override
    public synchronized boolean put(String host, long epoch, SessionStore.Row session) {
        return run("publish session " + session.id() + " of " + host, c -> {
            if (!holds(c, host, epoch)) {
                return false;
            }
            upsert(c, host, epoch, session);
            return true;
        });
    }

    @Override
    public synchronized boolean remove(String host, long epoch, int sessionId) {
        return run("remove session " + sessionId + " of " + host, c -> {
            if (!holds(c, host, epoch)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM farm_sessions WHERE host_id = ? AND session_id = ?")) {
                ps.setString(1, host);
                ps.setInt(2, sessionId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Whether {@code host} is up at {@code epoch}; its row stays locked against sweeps until the commit. */
    private static boolean holds(Connection c, String host, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT epoch, state FROM farm_hosts WHERE host_id = ? FOR SHARE")) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == epoch && UP.equals(rs.getString(2));
            }
        }
    }

    private static void upsert(Connection c, String host, long epoch, SessionStore.Row r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_sessions (host_id, session_id, kind, state, "
                + "owner_uid, owner_name, client_address, logon_time, disconnect_time, epoch) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (host_id, session_id) DO UPDATE SET kind = EXCLUDED.kind, "
                + "state = EXCLUDED.state, owner_uid = EXCLUDED.owner_uid, owner_name = EXCLUDED.owner_name, "
                + "client_address = EXCLUDED.client_address, logon_time = EXCLUDED.logon_time, "
                + "disconnect_time = EXCLUDED.disconnect_time, epoch = EXCLUDED.epoch")) {
            ps.setString(1, host);
            ps.setInt(2, r.id());
            ps.setString(3, r.kind().wireName());
            ps.setString(4, r.state().wireName());
            ps.setInt(5, r.ownerUid());
            ps.setString(6, r.ownerName());
            ps.setString(7, r.clientAddress());
            ps.setLong(8, r.logonTime().toEpochMilli());
            if (r.disconnectTime() == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, r.disconnectTime().toEpochMilli());
            }
            ps.setLong(10, epoch);
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized boolean renew(String host, long epoch, Duration lease) {
        return run("renew the lease of " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_hosts SET lease_until = now() + ? * interval "
                    + "'1 millisecond' WHERE host_id = ? AND epoch = ? AND state = 'up'")) {
                ps.setLong(1, lease.toMillis());
                ps.setString(2, host);
                ps.setLong(3, epoch);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized List<String> sweep() {
        return run("mark lost hosts", c -> {
            List<String> lost = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_hosts SET state = 'lost', epoch = epoch + 1, "
                    + "changed = now() WHERE state = 'up' AND lease_until < now() RETURNING host_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lost.add(rs.getString(1));
                }
            }
            return lost;
        });
    }

    @Override
    public synchronized int answerClaimed(String host, Map<String, String> outcome) {
        return run("answer the commands " + host + " left unanswered", c -> {
            int answered = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_commands SET outcome = "
                    + "json_object(?::text[], ?::text[])::jsonb WHERE host_id = ? AND done IS NOT NULL "
                    + "AND outcome IS NULL RETURNING seq, actor_host")) {
                ps.setArray(1, c.createArrayOf("text", outcome.keySet().toArray()));
                ps.setArray(2, c.createArrayOf("text", outcome.values().toArray()));
                ps.setString(3, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PostgresCommandQueue.notify(c, PostgresCommandQueue.channel("done", rs.getString(2)),
                                rs.getLong(1));
                        answered++;
                    }
                }
            }
            return answered;
        });
    }

    @Override
    public synchronized int purgeCommands(Duration retention) {
        return run("delete the farm's old commands", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM farm_commands WHERE outcome IS NOT NULL "
                    + "AND done < now() - ? * interval '1 millisecond'")) {
                ps.setLong(1, retention.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Rows deleted per transaction: a first purge of a large table must not hold one transaction for minutes. */
    private static final int PURGE_BATCH = 10_000;

    @Override
    public synchronized long purgeAudit(Duration retention) {
        long purged = 0;
        int n;
        do {
            n = run("delete the farm's old audit records", c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM farm_audit WHERE ctid = ANY (ARRAY("
                        + "SELECT ctid FROM farm_audit WHERE at < (extract(epoch FROM now()) * 1000)::bigint - ? "
                        + "LIMIT " + PURGE_BATCH + "))")) {
                    ps.setLong(1, retention.toMillis());
                    return ps.executeUpdate();
                }
            });
            purged += n;
        } while (n == PURGE_BATCH);
        return purged;
    }

    @Override
    public synchronized boolean logonMode(String host, long epoch, String mode) {
        return run("publish the logon mode of " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_hosts SET logon_mode = ?, changed = now() "
                    + "WHERE host_id = ? AND epoch = ? AND state = 'up'")) {
                ps.setString(1, mode);
                ps.setString(2, host);
                ps.setLong(3, epoch);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized boolean activity(String host, long epoch, List<Activity> sessions) {
        return run("publish the activity of " + sessions.size() + " sessions of " + host, c -> {
            if (!holds(c, host, epoch)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_sessions SET session_name = ?, "
                    + "last_input_time = ? WHERE host_id = ? AND session_id = ?")) {
                for (Activity a : sessions) {
                    ps.setString(1, a.name());
                    ps.setObject(2, a.lastInput() == null ? null : a.lastInput().toEpochMilli(), Types.BIGINT);
                    ps.setString(3, host);
                    ps.setInt(4, a.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    @Override
    public synchronized List<HostMode> hosts(String farm) {
        return run("list the hosts of farm " + farm, c -> {
            List<HostMode> hosts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT host_id, CASE WHEN state = 'up' AND "
                    + "lease_until <= now() THEN 'lost' ELSE state END, logon_mode FROM farm_hosts WHERE farm = ? "
                    + "ORDER BY host_id")) {
                ps.setString(1, farm);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hosts.add(new HostMode(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return hosts;
        });
    }

    @Override
    public synchronized void stopped(String host, long epoch) {
        run("mark " + host + " stopped", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_hosts SET state = 'stopped', changed = now() "
                    + "WHERE host_id = ? AND epoch = ? AND state = 'up'")) {
                ps.setString(1, host);
                ps.setLong(2, epoch);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public synchronized long lastAudit(String host, String storeId) {
        return run("read the audit records of " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) FROM farm_audit WHERE host_id = ? AND store_id = ?")) {
                ps.setString(1, host);
                ps.setString(2, storeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public synchronized void addAudit(String host, String storeId, List<AuditEntry> entries) {
        run("copy " + entries.size() + " audit records of " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_audit (host_id, store_id, seq, at, type, "
                    + "actor, actor_uid, source, session_id, session_owner, outcome, detail) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (AuditEntry entry : entries) {
                    AuditEvent e = entry.event();
                    ps.setString(1, host);
                    ps.setString(2, storeId);
                    ps.setLong(3, entry.seq());
                    ps.setLong(4, e.at().toEpochMilli());
                    ps.setString(5, e.type().stableName());
                    ps.setString(6, e.actor());
                    ps.setObject(7, e.actorUid(), Types.INTEGER);
                    ps.setString(8, e.source());
                    ps.setObject(9, e.sessionId(), Types.INTEGER);
                    ps.setString(10, e.sessionOwner());
                    ps.setString(11, e.outcome());
                    ps.setString(12, e.detail());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public synchronized List<Listed> sessions(String farm) {
        return run("list the sessions of farm " + farm, c -> {
            List<Listed> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.host_id, h.state = 'up' AND h.lease_until > now(), "
                    + "s.session_id, s.kind, s.state, s.owner_uid, s.owner_name, s.client_address, s.logon_time, "
                    + "s.disconnect_time, s.session_name, s.last_input_time FROM farm_sessions s JOIN farm_hosts h ON h.host_id = s.host_id "
                    + "WHERE h.farm = ? ORDER BY s.host_id, s.session_id")) {
                ps.setString(1, farm);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long disc = rs.getLong(10);
                        Instant disconnected = rs.wasNull() ? null : Instant.ofEpochMilli(disc);
                        String name = rs.getString(11);
                        long input = rs.getLong(12);
                        Instant lastInput = rs.wasNull() ? null : Instant.ofEpochMilli(input);
                        rows.add(new Listed(rs.getString(1), rs.getBoolean(2), rs.getInt(3),
                                SessionKind.fromWireName(rs.getString(4)), SessionState.fromWireName(rs.getString(5)),
                                rs.getInt(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                                disconnected, name == null ? "" : name, lastInput));
                    }
                }
            }
            return rows;
        });
    }

    private <T> T run(String what, Database.Work<T> work) {
        return db.run(what, work);
    }

    @Override
    public synchronized void close() {
        db.close();
    }
}
