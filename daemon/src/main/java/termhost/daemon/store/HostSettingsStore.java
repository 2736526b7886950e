package termhost.daemon.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code host_settings} table: small named values administrators change at run time. */
public final class HostSettingsStore {
    private final Database db;

    public HostSettingsStore(Database db) {
        this.db = db;
    }

    public Optional<String> get(String name) throws SQLException {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM host_settings WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public void put(String name, String value) throws SQLException {
        db.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM host_settings WHERE name = ?")) {
                del.setString(1, name);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO host_settings (name, value) VALUES (?, ?)")) {
                ins.setString(1, name);
                ins.setString(2, value);
                ins.executeUpdate();
            }
            return null;
        });
    }
}
