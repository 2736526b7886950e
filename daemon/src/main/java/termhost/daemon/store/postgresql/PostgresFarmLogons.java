package termhost.daemon.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import termhost.daemon.store.FarmLogons;

/**
 * Logon routing on PostgreSQL (tables of migrations V4, V7 and V8). Each routing runs in one
 * transaction that first takes {@code pg_advisory_xact_lock(hashtext('logon:' || user))}: a second
 * logon of the same user, on any host, waits at that line until the first has written where it
 * went, and sees it (reference/farm.md §3). The lock is released at commit, or with the connection.
 * Up means state {@code up} within the lease, on the database's clock.
 */
public final class PostgresFarmLogons implements FarmLogons {
    /** A reservation older than this no longer counts: its logon failed or its session is published by now. */
    private static final String PENDING_FRESH = "created > now() - interval '30 seconds'";

    private final Reconnecting db;

    /** Connects lazily: an unreachable server is a {@link termhost.daemon.store.StoreException} of the first call. */
    public PostgresFarmLogons(String url) {
        this.db = new Reconnecting(url, "the farm directory");
    }

    @Override
    public synchronized void publishEndpoint(String host, String sshAddress, int sessionLimit) {
        db.run("publish the SSH address of " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_endpoints (host_id, ssh_address, "
                    + "session_limit) VALUES (?, ?, ?) ON CONFLICT (host_id) DO UPDATE SET ssh_address = "
                    + "EXCLUDED.ssh_address, session_limit = EXCLUDED.session_limit, changed = now()")) {
                ps.setString(1, host);
                ps.setString(2, sshAddress);
                ps.setInt(3, sessionLimit);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public synchronized Routed route(String farm, String user, Router router) {
        return db.run("route a logon of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('logon:' || ?))")) {
                ps.setString(1, user);
                ps.execute();
            }
            List<HostLoad> hosts = hosts(c, farm);
            Snapshot snapshot = new Snapshot(sessions(c, farm, user), hosts, pendingHost(c, user));
            Optional<String> chosen = router.choose(snapshot);
            // a session on an up host is reconnected: one on a lost host then does not matter
            List<String> unreachable = snapshot.sessions().stream().anyMatch(s -> s.kind().equals("interactive"))
                    ? List.of() : unreachableHolders(c, farm, user);
            if (chosen.isEmpty()) {
                return new Routed(Optional.empty(), false, unreachable);
            }
            Optional<HostLoad> target = hosts.stream().filter(h -> h.host().equals(chosen.get())).findFirst();
            if (snapshot.holdsSession(chosen.get())) {
                return new Routed(target, true, unreachable);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_pending (owner_name, host_id) "
                    + "VALUES (?, ?) ON CONFLICT (owner_name) DO UPDATE SET host_id = EXCLUDED.host_id, "
                    + "created = now()")) {
                ps.setString(1, user);
                ps.setString(2, chosen.get());
                ps.executeUpdate();
            }
            return new Routed(target, false, unreachable);
        });
    }

    /** The hosts of the farm, not up within their lease, that hold an interactive session of {@code user}. */
    private static List<String> unreachableHolders(Connection c, String farm, String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT s.host_id FROM farm_sessions s "
                + "JOIN farm_hosts h ON h.host_id = s.host_id WHERE h.farm = ? AND NOT (h.state = 'up' "
                + "AND h.lease_until > now()) AND s.owner_name = ? AND s.kind = 'interactive' ORDER BY s.host_id")) {
            ps.setString(1, farm);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        }
        return hosts;
    }

    private static final String UP = "h.farm = ? AND h.state = 'up' AND h.lease_until > now()";

    private static List<UserSession> sessions(Connection c, String farm, String user) throws SQLException {
        List<UserSession> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.host_id, s.session_id, s.kind, s.state "
                + "FROM farm_sessions s JOIN farm_hosts h ON h.host_id = s.host_id WHERE " + UP
                + " AND s.owner_name = ? ORDER BY s.disconnect_time DESC NULLS LAST, s.host_id, s.session_id")) {
            ps.setString(1, farm);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UserSession(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /** Every up host of the farm with its load; a pending logon whose session is published counts once. */
    private static List<HostLoad> hosts(Connection c, String farm) throws SQLException {
        List<HostLoad> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT h.host_id, "
                + "(SELECT count(*) FROM farm_sessions s WHERE s.host_id = h.host_id), "
                + "(SELECT count(*) FROM farm_pending p WHERE p.host_id = h.host_id AND p." + PENDING_FRESH
                + " AND NOT EXISTS (SELECT 1 FROM farm_sessions s WHERE s.host_id = p.host_id"
                + " AND s.owner_name = p.owner_name)), "
                + "h.weight, h.logon_mode, e.ssh_address, COALESCE(e.session_limit, 0) FROM farm_hosts h "
                + "LEFT JOIN farm_endpoints e ON e.host_id = h.host_id WHERE " + UP + " ORDER BY h.host_id")) {
            ps.setString(1, farm);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new HostLoad(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7)));
                }
            }
        }
        return rows;
    }

    private static Optional<String> pendingHost(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT host_id FROM farm_pending p WHERE owner_name = ? AND p." + PENDING_FRESH)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized void settled(String user) {
        db.run("drop the pending logon of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM farm_pending WHERE owner_name = ?")) {
                ps.setString(1, user);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public synchronized boolean isUp(String farm, String host) {
        return db.run("read the state of host " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM farm_hosts h WHERE " + UP + " AND h.host_id = ?")) {
                ps.setString(1, farm);
                ps.setString(2, host);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        db.close();
    }
}
