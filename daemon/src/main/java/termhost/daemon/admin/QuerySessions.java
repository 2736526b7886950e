package termhost.daemon.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import termhost.api.SessionState;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * {@code query session}: the services, console and listener rows around every session, with the
 * caller's own session marked.
 */
public final class QuerySessions {
    public static final int SERVICES_ID = 0;
    public static final int CONSOLE_ID = 1;
    public static final int LISTENER_ID = 65536;

    private final SessionManager sessions;
    private final ConsoleSeat console;
    private final AccessPolicy policy;

    private final String host;

    public QuerySessions(SessionManager sessions, ConsoleSeat console, AccessPolicy policy, String host) {
        this.host = host;
        this.sessions = sessions;
        this.console = console;
        this.policy = policy;
    }

    SessionListReply handle(Caller caller, QuerySessionRequest request) {
        int current = caller.current().map(Session::id).orElse(-1);
        List<SessionRow> rows = new ArrayList<>();
        rows.add(SessionRow.fixed(host, SERVICES_ID, "services", "", SessionState.DISCONNECTED));
        Optional<String> consoleUser = console.user();
        rows.add(SessionRow.fixed(host, CONSOLE_ID, "console", consoleUser.orElse(""),
                consoleUser.isPresent() ? SessionState.ACTIVE : SessionState.CONNECTED));
        // one's own sessions always; others' only with Query Information
        boolean seesOthers = policy.allows(caller.uid(), caller.user(), Right.QUERY_INFORMATION, null);
        for (Session s : sessions.sessions()) {
            if (!seesOthers && s.owner().uid() != caller.uid()) {
                continue;
            }
            rows.add(SessionRows.of(s, s.id() == current, host));
        }
        rows.add(SessionRow.fixed(host, LISTENER_ID, "ssh", "", SessionState.LISTEN));
        String filter = request.filter();
        if (filter != null) {
            rows.removeIf(r -> !matches(r, filter));
        }
        return new SessionListReply(Instant.now(), rows);
    }

    private static boolean matches(SessionRow row, String filter) {
        if (filter.matches("\\d+")) {
            return Integer.toString(row.id()).equals(new java.math.BigInteger(filter).toString());
        }
        String f = filter.toLowerCase(Locale.ROOT);
        return row.name().toLowerCase(Locale.ROOT).equals(f) || row.user().toLowerCase(Locale.ROOT).equals(f);
    }
}
