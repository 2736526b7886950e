package termhost.daemon.admin;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.session.Session;

/**
 * How the session commands (logoff, reset, tsdiscon, tscon, msg) find the session a request
 * names, the same way for all of them, and have the permit check it:
 * <ul>
 *   <li>nothing named: the caller's own session (the one whose cgroup holds the caller);</li>
 *   <li>a number is an id, anything else the name of an active session (names are {@code ssh#N});</li>
 *   <li>the services, console and listener rows are refused in the Windows form;</li>
 *   <li>one's own session always; another user's needs one of the operation's rights.</li>
 * </ul>
 */
final class SessionTargets {
    /** Rows of {@code query session} that are not sessions, by id. */
    static final Map<Integer, String> RESERVED = Map.of(QuerySessions.SERVICES_ID, "services",
            QuerySessions.CONSOLE_ID, "console", QuerySessions.LISTENER_ID, "ssh");

    private final ManagedSessions sessions;

    SessionTargets(ManagedSessions sessions) {
        this.sessions = sessions;
    }

    /** The session {@code target} names (null: the caller's own), which the permit lets the caller act on. */
    Session resolve(SessionPermit permit, String target) {
        Session s = find(permit, target);
        permit.requireOn(s);
        return s;
    }

    private Session find(SessionPermit permit, String target) {
        if (target == null) {
            return permit.caller().current().orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                    MessageKey.ERROR_NO_CURRENT_SESSION,
                    permit.caller().name() + " (" + permit.caller().source() + ") is not in a session"));
        }
        if (target.matches("\\d+")) {
            BigInteger big = new BigInteger(target);
            if (big.bitLength() > 31) {
                throw notFound(target);
            }
            int id = big.intValue();
            if (RESERVED.containsKey(id)) {
                permit.refuseReserved(id, RESERVED.get(id));
            }
            return sessions.find(id).orElseThrow(() -> notFound(target));
        }
        String name = target.toLowerCase(Locale.ROOT);
        for (Map.Entry<Integer, String> r : RESERVED.entrySet()) {
            if (r.getValue().equals(name)) {
                permit.refuseReserved(r.getKey(), r.getValue());
            }
        }
        return sessions.all().stream()
                .filter(s -> s.name().map(n -> n.equalsIgnoreCase(target)).orElse(false)).findFirst()
                .orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                        MessageKey.ERROR_SESSION_NAME_NOT_FOUND, "no active session named " + target, target));
    }

    private static TermhostException notFound(String target) {
        return new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                "session " + target + ": not found", target);
    }
}
