package termhost.daemon.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import termhost.daemon.store.PermissionStore;
import termhost.daemon.store.StoreException;

/** The {@code permissions} table: one grant and one deny row at most per principal. */
final class JdbcPermissionStore implements PermissionStore {
    private final Database db;

    JdbcPermissionStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Row> all() {
        try {
            return db.transaction(c -> {
                List<Row> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT principal_kind, "
                        + "principal_name, effect, rights FROM permissions "
                        + "ORDER BY principal_kind, principal_name, effect")) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3).equals("deny"),
                                rs.getInt(4)));
                    }
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot read the permissions", e);
        }
    }

    @Override
    public void put(String kind, String name, boolean deny, int rights) {
        try {
            db.transaction(c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM permissions WHERE principal_kind = ? "
                        + "AND principal_name = ? AND effect = ?")) {
                    del.setString(1, kind);
                    del.setString(2, name);
                    del.setString(3, deny ? "deny" : "grant");
                    del.executeUpdate();
                }
                if (rights != 0) {
                    insert(c, new Row(kind, name, deny, rights));
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the permissions of " + kind + " " + name, e);
        }
    }

    @Override
    public void replaceAll(List<Row> rows) {
        try {
            db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM permissions");
                }
                for (Row r : rows) {
                    insert(c, r);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the permissions", e);
        }
    }

    private static void insert(java.sql.Connection c, Row r) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO permissions (principal_kind, principal_name, "
                + "effect, rights) VALUES (?, ?, ?, ?)")) {
            ins.setString(1, r.principalKind());
            ins.setString(2, r.principalName());
            ins.setString(3, r.deny() ? "deny" : "grant");
            ins.setInt(4, r.rights());
            ins.executeUpdate();
        }
    }
}
