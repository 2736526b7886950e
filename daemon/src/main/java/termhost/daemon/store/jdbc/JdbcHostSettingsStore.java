package termhost.daemon.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import termhost.daemon.store.HostSettingsStore;
import termhost.daemon.store.StoreException;

/** The {@code host_settings} table. */
final class JdbcHostSettingsStore implements HostSettingsStore {
    private final Database db;

    JdbcHostSettingsStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> get(String name) {
        try {
            return db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT value FROM host_settings WHERE name = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("cannot read the host setting " + name, e);
        }
    }

    @Override
    public void put(String name, String value) {
        try {
            db.transaction(c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM host_settings WHERE name = ?")) {
                    del.setString(1, name);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO host_settings (name, value) VALUES (?, ?)")) {
                    ins.setString(1, name);
                    ins.setString(2, value);
                    ins.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the host setting " + name, e);
        }
    }
}
