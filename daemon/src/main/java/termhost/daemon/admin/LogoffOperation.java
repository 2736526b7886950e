package termhost.daemon.admin;

import java.time.Duration;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.wire.Progress;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;
import termhost.daemon.session.LogoffOutcome;

/**
 * {@code logoff [<sessionname> | <sessionID>]}: where logoff is decided.
 * <ul>
 *   <li>no session named: the caller's own, i.e. the session whose cgroup holds the caller;</li>
 *   <li>a number is an id, anything else the name of an active (connected) session;</li>
 *   <li>the services, console and listener rows are never logged off;</li>
 *   <li>one's own session always; another user's needs Logoff or Reset (Full Control): the permit
 *       says, as the route gave it;</li>
 *   <li>the logoff itself is audited by the session manager before this returns, so a reported
 *       success always has its record.</li>
 * </ul>
 */
public final class LogoffOperation {
    private final ManagedSessions sessions;
    private final SessionTargets targets;

    public LogoffOperation(ManagedSessions sessions) {
        this.sessions = sessions;
        this.targets = new SessionTargets(sessions);
    }

    /**
     * @param session a session ID or name, {@code *}, or null for the caller's own
     * @param state with {@code *}: {@code disc}, {@code active} or null
     * @param grace the grace period: the setting for logoff, zero for {@code reset session}
     * @param verb {@code logoff} or {@code reset}, for the audit record's reason
     */
    LogoffReply handle(SessionPermit permit, String session, String state, Consumer<Progress> events,
            Duration grace, String verb) {
        if ("*".equals(session)) {
            return MassLogoff.run(sessions, permit, state, events, grace, verb);
        }
        Caller caller = permit.caller();
        Session target = targets.resolve(permit, session);
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_START, target.id(), target.owner().name())));
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        LogoffOutcome outcome;
        try {
            String reason = (verb.equals("reset") ? "reset by " : "logged off by ") + caller.name();
            Consumer<Step> progress = step -> events.accept(Events.of(step));
            outcome = verb.equals("reset") ? sessions.reset(target.id(), actor, reason, progress)
                    : sessions.logoff(target.id(), actor, reason, grace, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_FAILED,
                    "session " + target.id() + ": interrupted", Integer.toString(target.id()), "interrupted");
        }
        if (outcome.alreadyGone()) {
            events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_ALREADY, outcome.sessionId())));
            return LogoffReply.Single.alreadyGone(outcome.sessionId(), outcome.owner());
        }
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_DONE, outcome.sessionId(), outcome.result().processes(),
                outcome.result().took().toMillis())));
        return new LogoffReply.Single(outcome.sessionId(), outcome.owner(), false, outcome.result().processes(),
                String.join("+", outcome.result().signals()), outcome.result().took().toMillis());
    }
}
