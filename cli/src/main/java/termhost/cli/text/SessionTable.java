package termhost.cli.text;

import java.util.List;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.op.SessionRow;

/**
 * The {@code query session} table in the Windows layout: marker at column 0, SESSIONNAME from 1,
 * USERNAME from 19, ID right-aligned to end at column 45, STATE from 48, TYPE from 56, DEVICE
 * from 68. TYPE and DEVICE (RDP's client type and device) stay empty: SSH has neither.
 */
public final class SessionTable {
    private SessionTable() {
    }

    public static String format(List<SessionRow> rows, Messages m) {
        return format(rows, m, false);
    }

    /** With {@code server}, a farm's listing: a SERVER column after DEVICE, from 80, the others where Windows has them. */
    public static String format(List<SessionRow> rows, Messages m, boolean server) {
        StringBuilder sb = new StringBuilder();
        sb.append(line(" ", m.get(MessageKey.QUERY_SESSION_COL_NAME), m.get(MessageKey.QUERY_SESSION_COL_USER),
                m.get(MessageKey.QUERY_SESSION_COL_ID), m.get(MessageKey.QUERY_SESSION_COL_STATE),
                m.get(MessageKey.QUERY_SESSION_COL_TYPE), m.get(MessageKey.QUERY_SESSION_COL_DEVICE),
                server ? m.get(MessageKey.QUERY_SESSION_COL_SERVER) : ""));
        for (SessionRow row : rows) {
            sb.append(line(row.current() ? ">" : " ", row.name(), row.user(), Integer.toString(row.id()),
                    stateName(row.state(), m), "", "", server && row.host() != null ? row.host() : ""));
        }
        return sb.toString();
    }

    public static String stateName(SessionState state, Messages m) {
        return m.get(stateKey(state));
    }

    /** The Windows spelling of each state ({@code Disc}, {@code Listen}, ...): mapped here, once. */
    public static MessageKey stateKey(SessionState state) {
        return switch (state) {
            case ACTIVE -> MessageKey.STATE_ACTIVE;
            case DISCONNECTED -> MessageKey.STATE_DISCONNECTED;
            case LISTEN -> MessageKey.STATE_LISTEN;
            case CONNECTED -> MessageKey.STATE_CONNECTED;
            case DOWN -> MessageKey.STATE_DOWN;
        };
    }
    private static String line(String marker, String name, String user, String id, String state, String type,
            String device, String server) {
        StringBuilder sb = new StringBuilder(80);
        sb.append(marker);
        sb.append(Columns.left(Columns.cut(name, 17), 18));
        sb.append(Columns.left(Columns.cut(user, 21), 22));
        sb.append(Columns.right(id, 5));
        sb.append("  ");
        sb.append(Columns.cell(state, 8));
        sb.append(Columns.cell(type, 12));
        sb.append(server.isEmpty() ? device : Columns.cell(device, 12) + server);
        return Columns.stripTrailing(sb) + System.lineSeparator();
    }
}
