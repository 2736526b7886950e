package termhost.daemon.store.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One test's PostgreSQL database: its URL without credentials, and the credentials as URL
 * parameters ({@code user=…&password=…}), kept apart so a test can check they are never logged.
 */
public record TestDatabase(String url, String credentials) {
    /** The URL with its credentials, as {@code farm.url} takes it. */
    public String urlWithCredentials() {
        return url + (url.contains("?") ? "&" : "?") + credentials;
    }

    /**
     * The same database through a URL that lists the server on {@code standbyPort} after this one,
     * taking whichever is primary ({@code targetServerType=primary}): a {@code farm.url} for failover.
     */
    public TestDatabase withFailoverTo(int standbyPort) {
        int hostsEnd = url.indexOf('/', "jdbc:postgresql://".length());
        return new TestDatabase(url.substring(0, hostsEnd) + ",127.0.0.1:" + standbyPort + url.substring(hostsEnd)
                + (url.contains("?") ? "&" : "?") + "targetServerType=primary", credentials);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(urlWithCredentials());
    }

    /** The first column of {@code query}'s first row, or null: a test's look at the database. */
    public String one(String query) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs {@code statement}, as an administrator of the database would. */
    public void execute(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Empties {@code db}: every table and sequence gone, as a new database. */
    static void reset(TestDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + db.url() + ": " + e.getMessage(), e);
        }
    }

    /** Creates database {@code hint} (made a safe name) on the server of {@code admin}, and returns it. */
    static TestDatabase create(TestDatabase admin, String hint) {
        String name = hint.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + admin.url() + ": "
                    + e.getMessage(), e);
        }
        int slash = admin.url().lastIndexOf('/');
        int query = admin.url().indexOf('?', slash);
        return new TestDatabase(admin.url().substring(0, slash + 1) + name
                + (query < 0 ? "" : admin.url().substring(query)), admin.credentials());
    }
}
