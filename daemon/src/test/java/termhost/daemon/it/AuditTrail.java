package termhost.daemon.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The {@code audit_log} rows of a daemon's SQLite store, read as the tests see them. */
public final class AuditTrail {
    public record Row(String type, String actor, String source, Integer sessionId, String sessionOwner,
            String outcome, String detail) {
    }

    private AuditTrail() {
    }

    public static List<Row> read(Path database) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, actor, source, session_id, session_owner, outcome, "
                        + "detail FROM audit_log ORDER BY seq")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                int id = rs.getInt(4);
                Integer sessionId = rs.wasNull() ? null : id;
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), sessionId, rs.getString(5),
                        rs.getString(6), rs.getString(7)));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("cannot read the audit log of " + database + ": " + e.getMessage(), e);
        }
    }

    /** Rows of {@code type} (e.g. {@code session.logoff}) about {@code owner}'s sessions. */
    public static List<Row> of(Path database, String type, String owner) {
        return read(database).stream().filter(r -> r.type().equals(type) && owner.equals(r.sessionOwner())).toList();
    }
}
