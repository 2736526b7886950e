package termhost.daemon.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import termhost.daemon.authz.PermissionEntry;
import termhost.daemon.authz.Principal;
import termhost.daemon.authz.Rights;

/** The {@code permissions} table: one grant and one deny row at most per principal. */
public final class PermissionStore {
    private final Database db;

    public PermissionStore(Database db) {
        this.db = db;
    }

    public List<PermissionEntry> all() throws SQLException {
        return db.transaction(c -> {
            List<PermissionEntry> entries = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT principal_kind, "
                    + "principal_name, effect, rights FROM permissions ORDER BY principal_kind, principal_name, effect")) {
                while (rs.next()) {
                    entries.add(new PermissionEntry(new Principal(Principal.Kind.fromStableName(rs.getString(1)),
                            rs.getString(2)), rs.getString(3).equals("deny"), Rights.fromMask(rs.getInt(4))));
                }
            }
            return entries;
        });
    }

    /** Sets the rights of one principal's grant or deny row; an empty set removes the row. */
    public void put(Principal p, boolean deny, int mask) throws SQLException {
        db.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM permissions WHERE principal_kind = ? "
                    + "AND principal_name = ? AND effect = ?")) {
                del.setString(1, p.kind().stableName());
                del.setString(2, p.name());
                del.setString(3, deny ? "deny" : "grant");
                del.executeUpdate();
            }
            if (mask != 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO permissions (principal_kind, "
                        + "principal_name, effect, rights) VALUES (?, ?, ?, ?)")) {
                    ins.setString(1, p.kind().stableName());
                    ins.setString(2, p.name());
                    ins.setString(3, deny ? "deny" : "grant");
                    ins.setInt(4, mask);
                    ins.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Replaces every entry with {@code entries} in one transaction. */
    public void replaceAll(List<PermissionEntry> entries) throws SQLException {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM permissions");
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO permissions (principal_kind, "
                    + "principal_name, effect, rights) VALUES (?, ?, ?, ?)")) {
                for (PermissionEntry e : entries) {
                    ins.setString(1, e.principal().kind().stableName());
                    ins.setString(2, e.principal().name());
                    ins.setString(3, e.deny() ? "deny" : "grant");
                    ins.setInt(4, e.mask());
                    ins.executeUpdate();
                }
            }
            return null;
        });
    }
}
