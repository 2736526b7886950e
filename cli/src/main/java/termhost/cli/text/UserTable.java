package termhost.cli.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import termhost.api.MessageKey;
import termhost.api.op.SessionRow;

/**
 * The {@code query user} table in the Windows layout: USERNAME from column 1, SESSIONNAME from 23
 * (long names cut), ID ending at 43, STATE from 46, IDLE TIME right-aligned to end at 62, LOGON
 * TIME from 65 in the locale's short date and time.
 */
public final class UserTable {
    private UserTable() {
    }

    public static String format(List<SessionRow> rows, Instant now, Messages m, ZoneId zone) {
        return format(rows, now, m, zone, false);
    }

    /** With {@code server}, a farm's listing: a SERVER column after LOGON TIME, the others where Windows has them. */
    public static String format(List<SessionRow> rows, Instant now, Messages m, ZoneId zone, boolean server) {
        StringBuilder sb = new StringBuilder();
        sb.append(line(" ", m.get(MessageKey.QUSER_COL_USER), m.get(MessageKey.QUSER_COL_SESSION),
                m.get(MessageKey.QUSER_COL_ID), m.get(MessageKey.QUSER_COL_STATE), m.get(MessageKey.QUSER_COL_IDLE),
                m.get(MessageKey.QUSER_COL_LOGON), server ? m.get(MessageKey.QUERY_SESSION_COL_SERVER) : ""));
        DateTimeFormatter logon = shortDateTime(m.locale());
        for (SessionRow r : rows) {
            String idle = r.lastInput() == null ? m.get(MessageKey.QUSER_IDLE_NONE)
                    : idle(Duration.ofMillis(Math.max(0, now.toEpochMilli() - r.lastInput().toEpochMilli())));
            String at = r.logon() == null ? "" : logon.format(r.logon().atZone(zone));
            sb.append(line(r.current() ? ">" : " ", r.user(), r.name(), Integer.toString(r.id()),
                    SessionTable.stateName(r.state(), m), idle, at, server && r.host() != null ? r.host() : ""));
        }
        return sb.toString();
    }

    /** Windows' idle forms: {@code .} under a minute, {@code N} minutes, {@code H:MM}, {@code D+HH:MM}. */
    public static String idle(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return ".";
        }
        if (minutes < 60) {
            return Long.toString(minutes);
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format(Locale.ROOT, "%d:%02d", hours, minutes % 60);
        }
        return String.format(Locale.ROOT, "%d+%02d:%02d", hours / 24, hours % 24, minutes % 60);
    }

    /** The short date and time Windows prints for the locale (8/25/2021 1:23 AM, 24.08.2022 17:42). */
    public static DateTimeFormatter shortDateTime(Locale locale) {
        if ("ru".equals(locale.getLanguage())) {
            return DateTimeFormatter.ofPattern("dd.MM.yyyy H:mm", locale);
        }
        return DateTimeFormatter.ofPattern("M/d/yyyy h:mm a", Locale.US);
    }

    private static String line(String marker, String user, String session, String id, String state, String idle,
            String logon, String server) {
        StringBuilder sb = new StringBuilder(90);
        sb.append(marker);
        sb.append(Columns.left(Columns.cut(user, 20), 22));
        sb.append(Columns.left(session.length() > 18 ? session.substring(0, 15) + "..." : session, 19));
        sb.append(Columns.right(id, 2));
        sb.append("  ");
        sb.append(Columns.cell(state, 8));
        sb.append(Columns.right(idle, 9));
        sb.append("  ");
        sb.append(server.isEmpty() ? logon : Columns.left(logon, 20) + server);
        return Columns.stripTrailing(sb) + System.lineSeparator();
    }
}
