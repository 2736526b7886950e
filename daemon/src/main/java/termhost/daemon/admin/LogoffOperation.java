package termhost.daemon.admin;

import java.time.Duration;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.daemon.authz.Right;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.LogoffOutcome;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionCore;

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
    private final SessionCore sessions;
    private final SessionTargets targets;

    public LogoffOperation(SessionCore sessions, SessionTargets targets) {
        this.sessions = sessions;
        this.targets = targets;
    }

    /**
     * @param grace the grace period: the setting for logoff, zero for {@code reset session}
     */
    Message handle(Caller caller, Message request, Consumer<Message> events, Duration grace, String verb) {
        if ("*".equals(request.field("session"))) {
            return MassLogoff.run(sessions, targets, caller, request.field("state"), events, grace, verb);
        }
        Session target = targets.resolve(caller, request.field("session"), verb,
                verb.equals("reset") ? "reset.error.reserved" : "logoff.error.reserved", Right.LOGOFF, Right.RESET);
        events.accept(Events.of(Step.of("logoff.v.start", target.id(), target.owner().name())));
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        LogoffOutcome outcome;
        try {
            String reason = (verb.equals("reset") ? "reset by " : "logged off by ") + caller.name();
            Consumer<Step> progress = step -> events.accept(Events.of(step));
            outcome = verb.equals("reset") ? sessions.logoffs().reset(target.id(), actor, reason, progress)
                    : sessions.logoffs().logoff(target.id(), actor, reason, grace, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TermhostException(ErrorCategory.UNAVAILABLE, "error.logoff_failed",
                    "session " + target.id() + ": interrupted", Integer.toString(target.id()), "interrupted");
        }
        Message.Builder result = Message.builder(Message.RESULT).put("id", outcome.sessionId())
                .put("owner", outcome.owner());
        if (outcome.alreadyGone()) {
            events.accept(Events.of(Step.of("logoff.v.already", outcome.sessionId())));
            return result.put("already", true).build();
        }
        events.accept(Events.of(Step.of("logoff.v.done", outcome.sessionId(), outcome.result().processes(),
                outcome.result().took().toMillis())));
        return result.put("processes", outcome.result().processes())
                .put("signals", String.join("+", outcome.result().signals()))
                .put("took_ms", outcome.result().took().toMillis()).build();
    }
}
