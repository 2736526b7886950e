package termhost.daemon.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.ListingPermit;
import termhost.daemon.farm.Farm;
import termhost.daemon.session.Session;

/**
 * {@code query user} and the session fields of Get-RDUserSession: who is logged on, since when,
 * idle since when (user input only, never output), from where. Others' sessions need Query
 * Information; one's own always.
 */
public final class UserQuery {
    private final ManagedSessions sessions;
    private final ConsoleSeat console;
    private final String host;
    private final Clock clock;
    private final FarmSessions farm;

    public UserQuery(ManagedSessions sessions, ConsoleSeat console, String host, Clock clock, Optional<Farm> farm) {
        this.farm = new FarmSessions(farm);
        this.clock = clock;
        this.sessions = sessions;
        this.console = console;
        this.host = host;
    }

    SessionListReply handle(ListingPermit permit, QueryUserRequest request) {
        Caller caller = permit.caller();
        int current = caller.current().map(Session::id).orElse(-1);
        List<SessionRow> rows = request.server() != null ? new ArrayList<>(farm.rows(permit, request.server(), current))
                : hostRows(permit, current);
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
        return new SessionListReply(clock.instant(), rows);
    }

    private List<SessionRow> hostRows(ListingPermit permit, int current) {
        List<SessionRow> rows = new ArrayList<>();
        console.user().ifPresent(u -> rows.add(SessionRow.fixed(host, QuerySessions.CONSOLE_ID, "console", u,
                SessionState.ACTIVE)));
        for (Session s : sessions.all()) {
            if (permit.shows(s)) {
                rows.add(SessionRows.of(s, s.id() == current, host));
            }
        }
        return rows;
    }
}
