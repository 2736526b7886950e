package termhost.cli.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import termhost.api.MessageKey;

/**
 * The {@code query user} table in the Windows layout: USERNAME from column 1, SESSIONNAME from 23
 * (long names cut), ID ending at 43, STATE from 46, IDLE TIME right-aligned to end at 62, LOGON
 * TIME from 65 in the locale's short date and time.
 */
public final class UserTable {
    private UserTable() {
    }

    public static String format(List<Map<String, String>> rows, long now, Messages m, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append(line(" ", m.get(MessageKey.QUSER_COL_USER), m.get(MessageKey.QUSER_COL_SESSION), m.get(MessageKey.QUSER_COL_ID),
                m.get(MessageKey.QUSER_COL_STATE), m.get(MessageKey.QUSER_COL_IDLE), m.get(MessageKey.QUSER_COL_LOGON)));
        DateTimeFormatter logon = shortDateTime(m.locale());
        for (Map<String, String> r : rows) {
            String idle = r.get("last_input") == null ? m.get(MessageKey.QUSER_IDLE_NONE)
                    : idle(Duration.ofMillis(Math.max(0, now - Long.parseLong(r.get("last_input")))));
            String at = r.get("logon") == null ? ""
                    : logon.format(Instant.ofEpochMilli(Long.parseLong(r.get("logon"))).atZone(zone));
            sb.append(line("true".equals(r.get("current")) ? ">" : " ", r.get("user"), r.getOrDefault("name", ""),
                    r.get("id"), SessionTable.stateName(r.get("state"), m), idle, at));
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
            String logon) {
        StringBuilder sb = new StringBuilder(90);
        sb.append(marker);
        sb.append(Columns.left(Columns.cut(user, 20), 22));
        sb.append(Columns.left(session.length() > 18 ? session.substring(0, 15) + "..." : session, 19));
        sb.append(Columns.right(id, 2));
        sb.append("  ");
        sb.append(Columns.cell(state, 8));
        sb.append(Columns.right(idle, 9));
        sb.append("  ");
        sb.append(logon);
        return Columns.stripTrailing(sb) + System.lineSeparator();
    }
}
