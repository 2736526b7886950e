package termhost.daemon.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.jdbc.Database;
import termhost.daemon.store.jdbc.Dialect;
import termhost.daemon.store.jdbc.JdbcStore;

/**
 * The embedded store: one SQLite file (WAL; synchronous=FULL for what must be durable), each
 * host's authority for its own sessions.
 */
public final class SqliteStore {
    /** The scripts, under {@code /db/}; a script's place in the list is its schema version. */
    public static final Dialect DIALECT = new Dialect(List.of("sqlite/V1__sessions_and_audit.sql",
            "common/V2__permissions.sql", "common/V3__host_settings.sql",
            // version 4 here, 5 in PostgreSQL, which has its farm directory at 4
            "common/V5__virtual_channels_in_user_access.sql"), "PRAGMA synchronous=NORMAL",
            "PRAGMA synchronous=FULL", null);

    private SqliteStore() {
    }

    /** Opens (making it if needed) and migrates the database in {@code file}. */
    public static Store open(Path file) {
        try {
            return new JdbcStore(openDatabase(file));
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file, e);
        }
    }

    /** The migrated database in {@code file}, for tests of the JDBC classes. */
    public static Database openDatabase(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA foreign_keys=ON");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return Database.open(c, DIALECT);
    }
}
