package termhost.daemon.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import termhost.api.SessionState;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.ListingPermit;
import termhost.daemon.farm.Farm;
import termhost.daemon.session.Session;

/**
 * {@code query session}: the services, console and listener rows around every session, with the
 * caller's own session marked; with {@code /server:FARM}, every host's sessions ({@link FarmSessions}).
 */
public final class QuerySessions {
    public static final int SERVICES_ID = 0;
    public static final int CONSOLE_ID = 1;
    public static final int LISTENER_ID = 65536;

    private final ManagedSessions sessions;
    private final ConsoleSeat console;

    private final String host;
    private final Clock clock;
    private final FarmSessions farm;

    public QuerySessions(ManagedSessions sessions, ConsoleSeat console, String host, Clock clock,
            Optional<Farm> farm) {
        this.farm = new FarmSessions(farm);
        this.clock = clock;
        this.host = host;
        this.sessions = sessions;
        this.console = console;
    }

    SessionListReply handle(ListingPermit permit, QuerySessionRequest request) {
        Caller caller = permit.caller();
        int current = caller.current().map(Session::id).orElse(-1);
        List<SessionRow> rows = request.server() != null ? new ArrayList<>(farm.rows(permit, request.server(), current))
                : hostRows(permit, current);
        String filter = request.filter();
        if (filter != null) {
            rows.removeIf(r -> !matches(r, filter));
        }
        return new SessionListReply(clock.instant(), rows);
    }

    private List<SessionRow> hostRows(ListingPermit permit, int current) {
        List<SessionRow> rows = new ArrayList<>();
        rows.add(SessionRow.fixed(host, SERVICES_ID, "services", "", SessionState.DISCONNECTED));
        Optional<String> consoleUser = console.user();
        rows.add(SessionRow.fixed(host, CONSOLE_ID, "console", consoleUser.orElse(""),
                consoleUser.isPresent() ? SessionState.ACTIVE : SessionState.CONNECTED));
        // one's own sessions always; others' only with Query Information (the route's rule)
        for (Session s : sessions.all()) {
            if (permit.shows(s)) {
                rows.add(SessionRows.of(s, s.id() == current, host));
            }
        }
        rows.add(SessionRow.fixed(host, LISTENER_ID, "ssh", "", SessionState.LISTEN));
        return rows;
    }

    private static boolean matches(SessionRow row, String filter) {
        if (filter.matches("\\d+")) {
            return Integer.toString(row.id()).equals(new java.math.BigInteger(filter).toString());
        }
        String f = filter.toLowerCase(Locale.ROOT);
        return row.name().toLowerCase(Locale.ROOT).equals(f) || row.user().toLowerCase(Locale.ROOT).equals(f);
    }
}
