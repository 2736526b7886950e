package termhost.daemon.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import termhost.api.SessionState;
import termhost.api.wire.Message;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionCore;

/**
 * {@code query session}: the services, console and listener rows around every session, with the
 * caller's own session marked.
 */
public final class QuerySessions {
    public static final int SERVICES_ID = 0;
    public static final int CONSOLE_ID = 1;
    public static final int LISTENER_ID = 65536;

    private final SessionCore sessions;
    private final ConsoleSeat console;
    private final AccessPolicy policy;

    private final String host;

    public QuerySessions(SessionCore sessions, ConsoleSeat console, AccessPolicy policy, String host) {
        this.host = host;
        this.sessions = sessions;
        this.console = console;
        this.policy = policy;
    }

    Message handle(Caller caller, Message request) {
        int current = caller.current().map(Session::id).orElse(-1);
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(SessionRows.fixed(SERVICES_ID, "services", "", SessionState.DISCONNECTED, false, host));
        Optional<String> consoleUser = console.user();
        rows.add(SessionRows.fixed(CONSOLE_ID, "console", consoleUser.orElse(""),
                consoleUser.isPresent() ? SessionState.ACTIVE : SessionState.CONNECTED, false, host));
        // one's own sessions always; others' only with Query Information
        boolean seesOthers = policy.allows(caller.uid(), caller.user(), Right.QUERY_INFORMATION, null);
        for (Session s : sessions.registry().sessions()) {
            if (!seesOthers && s.owner().uid() != caller.uid()) {
                continue;
            }
            rows.add(SessionRows.of(s, s.id() == current, host));
        }
        rows.add(SessionRows.fixed(LISTENER_ID, "ssh", "", SessionState.LISTEN, false, host));
        String filter = request.field("filter");
        if (filter != null) {
            rows.removeIf(r -> !matches(r, filter));
        }
        return Message.builder(Message.RESULT).put("now", System.currentTimeMillis()).rows(rows).build();
    }

    private static boolean matches(Map<String, String> row, String filter) {
        if (filter.matches("\\d+")) {
            return row.get("id").equals(new java.math.BigInteger(filter).toString());
        }
        String f = filter.toLowerCase(Locale.ROOT);
        return row.get("name").toLowerCase(Locale.ROOT).equals(f) || row.get("user").toLowerCase(Locale.ROOT).equals(f);
    }
}
