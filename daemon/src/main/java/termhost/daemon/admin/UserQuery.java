package termhost.daemon.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * {@code query user} and the session fields of Get-RDUserSession: who is logged on, since when,
 * idle since when (user input only, never output), from where. Others' sessions need Query
 * Information; one's own always.
 */
public final class UserQuery {
    private final SessionManager sessions;
    private final ConsoleSeat console;
    private final AccessPolicy policy;
    private final String host;

    public UserQuery(SessionManager sessions, ConsoleSeat console, AccessPolicy policy, String host) {
        this.sessions = sessions;
        this.console = console;
        this.policy = policy;
        this.host = host;
    }

    SessionListReply handle(Caller caller, QueryUserRequest request) {
        int current = caller.current().map(Session::id).orElse(-1);
        boolean seesOthers = policy.allows(caller.uid(), caller.user(), Right.QUERY_INFORMATION, null);
        List<SessionRow> rows = new ArrayList<>();
        console.user().ifPresent(u -> rows.add(SessionRow.fixed(host, QuerySessions.CONSOLE_ID, "console", u,
                SessionState.ACTIVE)));
        for (Session s : sessions.sessions()) {
            if (seesOthers || s.owner().uid() == caller.uid()) {
                rows.add(SessionRows.of(s, s.id() == current, host));
            }
        }
        String filter = request.filter();
        if (filter != null) {
            String f = filter.toLowerCase(Locale.ROOT);
            rows.removeIf(r -> !(r.user().toLowerCase(Locale.ROOT).equals(f)
                    || r.name().toLowerCase(Locale.ROOT).equals(f) || Integer.toString(r.id()).equals(filter)));
            if (rows.isEmpty()) {
                throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.QUSER_ERROR_NO_USER,
                        "no user or session " + filter, filter);
            }
        }
        return new SessionListReply(Instant.now(), rows);
    }
}
