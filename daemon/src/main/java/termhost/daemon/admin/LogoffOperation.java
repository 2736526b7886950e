package termhost.daemon.admin;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * {@code logoff [<sessionname> | <sessionID>]}: where logoff is decided.
 * <ul>
 *   <li>no session named: the caller's own, i.e. the session whose cgroup holds the caller;</li>
 *   <li>a number is an id, anything else the name of an active (connected) session;</li>
 *   <li>the services, console and listener rows are never logged off;</li>
 *   <li>one's own session always; another user's needs Logoff or Reset (Full Control);</li>
 *   <li>every refusal is audited; the logoff itself is audited by the session manager before this
 *       returns, so a reported success always has its record.</li>
 * </ul>
 */
public final class LogoffOperation {
    /** Rows of {@code query session} that are not sessions one can log off, by id. */
    private static final Map<Integer, String> RESERVED = Map.of(QuerySessions.SERVICES_ID, "services",
            QuerySessions.CONSOLE_ID, "console", QuerySessions.LISTENER_ID, "ssh");

    private final SessionManager sessions;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public LogoffOperation(SessionManager sessions, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    Message handle(Caller caller, Message request, Consumer<Message> events) {
        Session target = resolve(caller, request.field("session"));
        if (!policy.allows(caller.uid(), caller.user(), Right.LOGOFF, target.owner().uid())
                && !policy.allows(caller.uid(), caller.user(), Right.RESET, target.owner().uid())) {
            deny(caller, target.id(), target.owner().name(), "logoff of another user's session needs Full Control");
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, "error.code.5",
                    "session " + target.id() + " (" + target.owner().name() + "): cannot log off: access denied");
        }
        events.accept(event(Step.of("logoff.v.start", target.id(), target.owner().name())));
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        SessionManager.LogoffOutcome outcome;
        try {
            outcome = sessions.logoff(target.id(), actor, "logged off by " + caller.name(), sessions.gracePeriod(),
                    step -> events.accept(event(step)));
        } catch (IOException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, "error.logoff_failed",
                    "session " + target.id() + ": logoff failed: " + e.getMessage(), Integer.toString(target.id()),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TermhostException(ErrorCategory.UNAVAILABLE, "error.logoff_failed",
                    "session " + target.id() + ": interrupted", Integer.toString(target.id()), "interrupted");
        }
        Message.Builder result = Message.builder(Message.RESULT).put("id", outcome.sessionId())
                .put("owner", outcome.owner());
        if (outcome.alreadyGone()) {
            events.accept(event(Step.of("logoff.v.already", outcome.sessionId())));
            return result.put("already", true).build();
        }
        events.accept(event(Step.of("logoff.v.done", outcome.sessionId(), outcome.result().processes(),
                outcome.result().took().toMillis())));
        return result.put("processes", outcome.result().processes())
                .put("signals", String.join("+", outcome.result().signals()))
                .put("took_ms", outcome.result().took().toMillis()).build();
    }

    private Session resolve(Caller caller, String target) {
        if (target == null) {
            return caller.current().orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                    "error.no_current_session", caller.name() + " (" + caller.source() + ") is not in a session"));
        }
        if (target.matches("\\d+")) {
            BigInteger big = new BigInteger(target);
            if (big.bitLength() > 31) {
                throw notFound(target);
            }
            int id = big.intValue();
            refuseReserved(caller, id, RESERVED.get(id));
            return sessions.find(id).orElseThrow(() -> notFound(target));
        }
        String name = target.toLowerCase(Locale.ROOT);
        for (Map.Entry<Integer, String> r : RESERVED.entrySet()) {
            if (r.getValue().equals(name)) {
                refuseReserved(caller, r.getKey(), r.getValue());
            }
        }
        Optional<Session> byName = sessions.sessions().stream()
                .filter(s -> s.name().map(n -> n.equalsIgnoreCase(target)).orElse(false)).findFirst();
        return byName.orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND, "error.session_name_not_found",
                "no active session named " + target, target));
    }

    private void refuseReserved(Caller caller, int id, String name) {
        if (name == null) {
            return;
        }
        deny(caller, id, null, "the " + name + " session can never be logged off");
        throw new TermhostException(ErrorCategory.ACCESS_DENIED, "logoff.error.reserved",
                "session " + id + " (" + name + "): cannot log off", Integer.toString(id), name);
    }

    private static TermhostException notFound(String target) {
        return new TermhostException(ErrorCategory.NOT_FOUND, "error.session_not_found",
                "session " + target + ": not found", target);
    }

    private void deny(Caller caller, int sessionId, String owner, String why) {
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                    caller.source(), sessionId, owner, "denied", "logoff: " + why));
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, "error.audit_unavailable",
                    "cannot write the audit log: " + e.getMessage());
        }
    }

    private static Message event(Step step) {
        Message.Builder b = Message.builder(Message.EVENT).put("key", step.key());
        for (int i = 0; i < step.args().size(); i++) {
            b.put("arg" + i, step.args().get(i));
        }
        return b.build();
    }
}
