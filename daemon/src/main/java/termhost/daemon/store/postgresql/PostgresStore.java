package termhost.daemon.store.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import termhost.daemon.store.JdbcUrls;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.jdbc.Database;
import termhost.daemon.store.jdbc.Dialect;
import termhost.daemon.store.jdbc.JdbcStore;

/**
 * The store on PostgreSQL: the same tables as the embedded one, plus the farm's directory
 * ({@code farm_*}, version 4). Several hosts may open one
 * database at once, so each migration runs under a transaction-scoped advisory lock.
 */
public final class PostgresStore {
    /** The scripts, under {@code /db/}; a script's place in the list is its schema version. */
    public static final Dialect DIALECT = new Dialect(List.of("postgresql/V1__sessions_and_audit.sql",
            "common/V2__permissions.sql", "common/V3__host_settings.sql", "postgresql/V4__farm_directory.sql",
            "common/V5__virtual_channels_in_user_access.sql", "postgresql/V6__farm_commands.sql",
            "postgresql/V7__farm_host_logon_mode.sql", "postgresql/V8__farm_relay.sql",
            "postgresql/V9__farm_session_activity.sql", "postgresql/V10__farm_host_store.sql"),
            "SET synchronous_commit = off", "SET synchronous_commit = on",
            "SELECT pg_advisory_xact_lock(hashtext('termhost:migrate'))");

    private PostgresStore() {
    }

    /** Connects to {@code url} (a pgjdbc URL, which may carry its credentials) and migrates the database. */
    public static Store open(String url) {
        try {
            return new JdbcStore(openDatabase(url));
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + JdbcUrls.redacted(url), e);
        }
    }

    /** A new connection to {@code url}, its database migrated. */
    public static Database openDatabase(String url) throws SQLException {
        return Database.open(connect(url), DIALECT);
    }

    /**
     * A new connection to {@code url}; pgjdbc's own messages never contain the password. Unless the
     * URL says otherwise, a server that does not answer is given up after a few seconds (a daemon
     * must not wait minutes on a dead address) and idle connections are kept alive by TCP.
     */
    public static Connection connect(String url) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new SQLException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT][,HOST2…]/DATABASE)");
        }
        Properties defaults = new Properties(); // the URL's own parameters take precedence over these
        defaults.setProperty("connectTimeout", "5");
        defaults.setProperty("loginTimeout", "10");
        defaults.setProperty("socketTimeout", "30");
        defaults.setProperty("tcpKeepAlive", "true");
        defaults.setProperty("ApplicationName", "termhost");
        return DriverManager.getConnection(url, defaults);
    }
}
