package termhost.daemon.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store: one JDBC connection to the embedded SQLite file (WAL, synchronous=FULL, so an audit
 * row that was reported written survives a crash), with versioned migrations applied at open.
 *
 * <p>One connection, guarded by this object's monitor: SQLite serialises writers anyway, and the
 * daemon's writes are few and small. Callers use {@link #transaction}.
 */
final class Database implements AutoCloseable {
    /** Migration scripts in order; a script's number is its schema version. */
    private static final List<String> MIGRATIONS = List.of("V1__sessions_and_audit.sql", "V2__permissions.sql",
            "V3__host_settings.sql", "V4__virtual_channels_in_user_access.sql");

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    static Database openSqlite(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        Database db = new Database(c);
        db.migrate();
        return db;
    }

    /** Work done in one transaction; rolled back if it throws. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    synchronized <T> T transaction(Work<T> work) throws SQLException {
        return run(work);
    }

    /**
     * A transaction that needs to survive a crash of the daemon but not of the machine: committed to
     * the operating system, without waiting for the disk (synchronous=NORMAL). For the session table,
     * which the live cgroups can rebuild; never for the audit log.
     */
    synchronized <T> T transactionWithoutSync(Work<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
        }
        try {
            return run(work);
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA synchronous=FULL");
            }
        }
    }

    private <T> T run(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // the cause must reach the caller: after e.g. SQLITE_FULL SQLite has rolled back already, and
            // the cleanup then fails with "no transaction is active", which used to replace the cause
            try {
                connection.rollback();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    synchronized int schemaVersion() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private synchronized void migrate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "applied_at BIGINT NOT NULL)");
        }
        int current = schemaVersion();
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            String script = load(MIGRATIONS.get(v - 1));
            int version = v;
            transaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String stmt : script.split(";\\s*\\n")) {
                        String sql = stripComments(stmt).trim();
                        if (!sql.isEmpty()) {
                            s.execute(sql);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, version);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    private static String stripComments(String sql) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String load(String name) {
        try (InputStream in = Database.class.getResourceAsStream("/db/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
