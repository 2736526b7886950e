package termhost.daemon.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code sessions} table of a daemon's SQLite store, read directly: cheaper than a
 * {@code query session} JVM when a test must catch a short-lived state (e.g. {@code down}).
 */
public final class StoredSessions {
    private StoredSessions() {
    }

    /** The stored state name of session {@code id} ({@code active}, {@code disc}, {@code down}); empty when no row. */
    public static Optional<String> state(Path database, int id) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                PreparedStatement ps = c.prepareStatement("SELECT state FROM sessions WHERE id = ?")) {
            c.createStatement().execute("PRAGMA busy_timeout=5000");
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the sessions of " + database + ": " + e.getMessage(), e);
        }
    }
}
