package termhost.daemon.admin;

import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * How the session commands (logoff, reset, tsdiscon, tscon, msg) find the session a request
 * names and check the caller's right over it, the same way for all of them:
 * <ul>
 *   <li>nothing named: the caller's own session (the one whose cgroup holds the caller);</li>
 *   <li>a number is an id, anything else the name of an active session (names are {@code ssh#N});</li>
 *   <li>the services, console and listener rows are refused in the Windows form;</li>
 *   <li>one's own session always; another user's needs one of the given rights; every refusal is
 *       audited.</li>
 * </ul>
 */
public final class SessionTargets {
    /** Rows of {@code query session} that are not sessions, by id. */
    static final Map<Integer, String> RESERVED = Map.of(QuerySessions.SERVICES_ID, "services",
            QuerySessions.CONSOLE_ID, "console", QuerySessions.LISTENER_ID, "ssh");

    private final SessionManager sessions;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public SessionTargets(SessionManager sessions, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The session {@code target} names, which the caller may act on with {@code verb}.
     *
     * @param refusalKey the message key of the Windows refusal for a reserved row ("Could not ...")
     * @param rights any one of them suffices on another user's session
     */
    public Session resolve(Caller caller, String target, String verb, MessageKey refusalKey, Right... rights) {
        Session s = find(caller, target, verb, refusalKey);
        for (Right r : rights) {
            if (policy.allows(caller.uid(), caller.user(), r, s.owner().uid())) {
                return s;
            }
        }
        deny(caller, s.id(), s.owner().name(), verb + ": another user's session needs " + rightsText(rights));
        throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                "session " + s.id() + " (" + s.owner().name() + "): cannot " + verb + ": access denied");
    }

    /** Whether the caller holds one of {@code rights} over {@code s} (own sessions: always). No audit. */
    public boolean mayAct(Caller caller, Session s, Right... rights) {
        for (Right r : rights) {
            if (policy.allows(caller.uid(), caller.user(), r, s.owner().uid())) {
                return true;
            }
        }
        return false;
    }

    private Session find(Caller caller, String target, String verb, MessageKey refusalKey) {
        if (target == null) {
            return caller.current().orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                    MessageKey.ERROR_NO_CURRENT_SESSION, caller.name() + " (" + caller.source() + ") is not in a session"));
        }
        if (target.matches("\\d+")) {
            BigInteger big = new BigInteger(target);
            if (big.bitLength() > 31) {
                throw notFound(target);
            }
            int id = big.intValue();
            refuseReserved(caller, id, RESERVED.get(id), verb, refusalKey);
            return sessions.find(id).orElseThrow(() -> notFound(target));
        }
        String name = target.toLowerCase(Locale.ROOT);
        for (Map.Entry<Integer, String> r : RESERVED.entrySet()) {
            if (r.getValue().equals(name)) {
                refuseReserved(caller, r.getKey(), r.getValue(), verb, refusalKey);
            }
        }
        return sessions.sessions().stream()
                .filter(s -> s.name().map(n -> n.equalsIgnoreCase(target)).orElse(false)).findFirst()
                .orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NAME_NOT_FOUND,
                        "no active session named " + target, target));
    }

    private void refuseReserved(Caller caller, int id, String name, String verb, MessageKey refusalKey) {
        if (name == null) {
            return;
        }
        deny(caller, id, null, verb + ": the " + name + " session cannot be " + verb + "ed");
        throw new TermhostException(ErrorCategory.ACCESS_DENIED, refusalKey,
                "session " + id + " (" + name + "): cannot " + verb, Integer.toString(id), name);
    }

    private static TermhostException notFound(String target) {
        return new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                "session " + target + ": not found", target);
    }

    /** Records a refusal; a refusal that cannot be recorded is not given either (nothing happens). */
    public void deny(Caller caller, Integer sessionId, String owner, String why) {
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                    caller.source(), sessionId, owner, "denied", why));
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot write the audit log: " + e.getMessage());
        }
    }

    private static String rightsText(Right[] rights) {
        StringBuilder sb = new StringBuilder();
        for (Right r : rights) {
            sb.append(sb.length() == 0 ? "" : " or ").append(r.displayName());
        }
        return sb.toString();
    }
}
