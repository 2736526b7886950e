package termhost.daemon.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code query session} as the test reads it: rows parsed by the Windows column positions (marker 0,
 * SESSIONNAME 1, USERNAME 19, ID ending at 45, STATE 48). Asked as root, so every session is listed.
 */
public final class SessionList {
    /** One row; {@code name} and {@code user} are empty where the table leaves them blank. */
    public record Row(boolean current, String name, String user, int id, String state) {
    }

    private final List<Row> rows;
    private final String text;

    private SessionList(List<Row> rows, String text) {
        this.rows = rows;
        this.text = text;
    }

    /** Waits up to 30 s until session {@code id} shows in {@code state} (e.g. "Disc"); the error shows the list. */
    public static void awaitState(TermhostProcess host, int id, String state) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> of(host).byId(id).map(Row::state).orElse(""), state::equals);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("session " + id + " never " + state + ":\n" + of(host), e);
        }
    }

    public static SessionList of(TermhostProcess host) {
        Shell.Result r = host.command("query", "session").requireSuccess("query session");
        return parse(r.out());
    }

    public static SessionList parse(String text) {
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank()) {
                continue;
            }
            rows.add(new Row(l.charAt(0) == '>', cut(l, 1, 19), cut(l, 19, 41), Integer.parseInt(cut(l, 41, 46)),
                    cut(l, 48, 56)));
        }
        return new SessionList(rows, text);
    }

    private static String cut(String l, int from, int to) {
        return from >= l.length() ? "" : l.substring(from, Math.min(to, l.length())).trim();
    }

    public List<Row> rows() {
        return rows;
    }

    /** Rows of real sessions (not services, console or listeners). */
    public List<Row> sessions() {
        return rows.stream().filter(r -> r.id() >= 2 && r.id() < 65536).toList();
    }

    public Optional<Row> byId(int id) {
        return rows.stream().filter(r -> r.id() == id).findFirst();
    }

    public Optional<Row> ofUser(String user) {
        return sessions().stream().filter(r -> r.user().equals(user)).findFirst();
    }

    @Override
    public String toString() {
        return text;
    }
}
