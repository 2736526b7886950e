package termhost.cli.text;

import java.util.List;
import java.util.Map;
import termhost.api.SessionState;

/**
 * The {@code query session} table in the Windows layout: marker at column 0, SESSIONNAME from 1,
 * USERNAME from 19, ID right-aligned to end at column 45, STATE from 48, TYPE from 56, DEVICE
 * from 68. Rows are the daemon's: {@code id, name, user, state, current, type, device}.
 */
public final class SessionTable {
    private SessionTable() {
    }

    public static String format(List<Map<String, String>> rows, Messages m) {
        StringBuilder sb = new StringBuilder();
        sb.append(line(" ", m.get("query.session.col.name"), m.get("query.session.col.user"),
                m.get("query.session.col.id"), m.get("query.session.col.state"), m.get("query.session.col.type"),
                m.get("query.session.col.device")));
        for (Map<String, String> row : rows) {
            String marker = "true".equals(row.get("current")) ? ">" : " ";
            sb.append(line(marker, row.getOrDefault("name", ""), row.getOrDefault("user", ""), row.get("id"),
                    stateName(row.get("state"), m), row.getOrDefault("type", ""), row.getOrDefault("device", "")));
        }
        return sb.toString();
    }

    public static String stateName(String wireState, Messages m) {
        if (wireState == null) {
            return "";
        }
        return m.get("state." + SessionState.fromWireName(wireState).wireName());
    }

    private static String line(String marker, String name, String user, String id, String state, String type,
            String device) {
        StringBuilder sb = new StringBuilder(80);
        sb.append(marker);
        sb.append(Columns.left(Columns.cut(name, 17), 18));
        sb.append(Columns.left(Columns.cut(user, 21), 22));
        sb.append(Columns.right(id, 5));
        sb.append("  ");
        sb.append(Columns.cell(state, 8));
        sb.append(Columns.cell(type, 12));
        sb.append(device);
        return Columns.stripTrailing(sb) + System.lineSeparator();
    }
}
