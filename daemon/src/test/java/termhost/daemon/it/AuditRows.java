package termhost.daemon.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log as {@code termhost audit} prints it (asked as root): one line per record,
 * {@code date time  type  outcome  actor=A  from=S  session=N  owner=O  detail}.
 */
public final class AuditRows {
    private static final Pattern LINE = Pattern.compile(
            "^\\S+ \\S+  (\\S+)  (\\S+)  actor=(\\S*)  from=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)  session=(\\S*)  owner=(\\S*)  ?(.*)$");

    public record Row(String type, String outcome, String actor, String source, String session, String owner,
            String detail) {
    }

    private AuditRows() {
    }

    /** The newest {@code limit} records, oldest first. */
    public static List<Row> read(TermhostProcess host, int limit) {
        Shell.Result r = host.command("audit", "/limit:" + limit).requireSuccess("termhost audit");
        List<Row> rows = new ArrayList<>();
        for (String line : r.out().split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(1), m.group(2), m.group(3), unquote(m.group(4)), m.group(5), m.group(6),
                        unquote(m.group(7))));
            }
        }
        return rows;
    }

    public static List<Row> read(TermhostProcess host) {
        return read(host, 10_000);
    }

    /** Records of {@code type} about session {@code id}. */
    public static List<Row> of(TermhostProcess host, String type, int id) {
        return read(host).stream().filter(r -> r.type().equals(type) && r.session().equals(Integer.toString(id)))
                .toList();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"");
        }
        return s;
    }
}
