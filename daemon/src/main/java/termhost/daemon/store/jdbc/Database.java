package termhost.daemon.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One JDBC connection to the store's database, with versioned migrations applied at open (the
 * version reached is kept in {@code schema_version}, by number, whatever the script's file name).
 *
 * <p>One connection, guarded by this object's monitor: the engines serialise writers anyway, and
 * the daemon's writes are few and small. Callers use {@link #transaction}.
 */
public final class Database implements AutoCloseable {
    private final Connection connection;
    private final Dialect dialect;

    private Database(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Takes {@code connection} (set up for the engine) and migrates its database to the newest version. */
    public static Database open(Connection connection, Dialect dialect) throws SQLException {
        Database db = new Database(connection, dialect);
        try {
            db.migrate();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return db;
    }

    /** Work done in one transaction; rolled back if it throws. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public synchronized <T> T transaction(Work<T> work) throws SQLException {
        return run(work);
    }

    /**
     * A transaction that needs to survive a crash of the daemon but not of the machine: committed to
     * the operating system, without waiting for the disk (SQLite's synchronous=NORMAL, PostgreSQL's
     * synchronous_commit=off). For the session table, which the live cgroups can rebuild; never for
     * the audit log.
     */
    synchronized <T> T transactionWithoutSync(Work<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.relaxDurability());
        }
        try {
            return run(work);
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute(dialect.restoreDurability());
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

    public synchronized int schemaVersion() throws SQLException {
        return schemaVersion(connection);
    }

    private static int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private synchronized void migrate() throws SQLException {
        boolean more = true;
        while (more) {
            more = transaction(this::migrateOnce);
        }
    }

    /** Applies the next script, if any, in the caller's transaction; whether there was one. */
    private boolean migrateOnce(Connection c) throws SQLException {
        if (dialect.migrationLock() != null) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.migrationLock()); // then read the version: another host may have moved it
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "applied_at BIGINT NOT NULL)");
        }
        int version = schemaVersion(c) + 1;
        if (version > dialect.scripts().size()) {
            return false;
        }
        String script = load(dialect.scripts().get(version - 1));
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
        return true;
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
