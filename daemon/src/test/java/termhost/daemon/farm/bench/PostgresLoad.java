package termhost.daemon.farm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the farm costs the PostgreSQL server, read from outside it: CPU time of its whole process
 * tree (the postmaster, every backend and helper, and the backends that ended: the postmaster's
 * waited-for children), and from inside it: connections and the directory's table sizes.
 */
final class PostgresLoad {
    /** Clock ticks per second of /proc/PID/stat's times: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    private final long postmaster;

    PostgresLoad(long postmaster) {
        this.postmaster = postmaster;
    }

    /** CPU seconds (user + system) the server has used so far, ended backends included. */
    double cpuSeconds() {
        double total = cpuOf(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElseThrow()) {
            total += cpuOf(child.pid(), false);
        }
        return total;
    }

    /** CPU seconds this JVM (the simulated hosts) has used so far. */
    static double ownCpuSeconds() {
        return cpuOf(ProcessHandle.current().pid(), false);
    }

    private static double cpuOf(long pid, boolean withWaitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withWaitedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile: its time is in its parent's waited-for children
        }
    }

    /** Client connections to the server, all databases. */
    static int connections(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The directory's statements, as LIKE patterns of pg_stat_statements' text: what each row
     * reports. Constants are left out, as the text is kept with them or with $n in their place
     * depending on how the entry was first made.
     */
    private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

    static {
        STATEMENTS.put("heartbeat (UPDATE lease_until)", "UPDATE farm_hosts SET lease_until%");
        STATEMENTS.put("sweep (UPDATE state = 'lost')", "UPDATE farm_hosts SET state = %, epoch = epoch + %");
        STATEMENTS.put("publish: epoch check (SELECT FOR SHARE)", "SELECT epoch, state FROM farm_hosts%");
        STATEMENTS.put("publish: upsert (INSERT farm_sessions)", "INSERT INTO farm_sessions%");
        STATEMENTS.put("audit copy: a row (INSERT farm_audit)", "INSERT INTO farm_audit%");
        STATEMENTS.put("listing (SELECT ... JOIN)", "SELECT s.host_id%");
    }

    /**
     * Starts counting afresh: statement times (pg_stat_statements, which the server must preload)
     * and WAL writes. The extension is made in the database on first use.
     */
    static void resetServerCounts(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            s.execute("SELECT pg_stat_reset_shared('wal')");
        }
    }

    /**
     * Since {@link #resetServerCounts}: each directory statement's mean execution time in the server
     * (ms; without the round trip, the commit and the client's waits), and the WAL's flushes: per
     * second over {@code seconds}, with their mean time (ms; what a commit waits for the disk).
     */
    static Map<String, String> serverCounts(Connection c, double seconds) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : STATEMENTS.entrySet()) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT sum(calls), sum(total_exec_time) / "
                    + "nullif(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE ?")) {
                ps.setString(1, e.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put("  server: " + e.getKey() + ": calls/s, mean ms",
                            String.format("%.1f, %.3f", rs.getLong(1) / seconds, rs.getDouble(2)));
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT wal_sync, wal_sync_time / nullif(wal_sync, 0), wal_bytes FROM pg_stat_wal")) {
            rs.next();
            out.put("  WAL flushes (commits waiting on disk): per s, mean ms",
                    String.format("%.1f, %.2f", rs.getLong(1) / seconds, rs.getDouble(2)));
            out.put("  WAL written, KiB per s", String.format("%.1f", rs.getDouble(3) / 1024 / seconds));
        }
        return out;
    }

    /** The farm tables: name → "rows, total size (table, indexes, TOAST) in KiB". */
    static Map<String, long[]> tables(Connection c) throws SQLException {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (String t : new String[] {"farm_hosts", "farm_sessions", "farm_audit", "farm_commands"}) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*), pg_total_relation_size('" + t + "') / 1024 FROM " + t)) {
                rs.next();
                sizes.put(t, new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return sizes;
    }
}
