package termhost.daemon.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
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
    private final SessionManager sessions;
    private final SessionTargets targets;

    public LogoffOperation(SessionManager sessions, SessionTargets targets) {
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
                verb.equals("reset") ? MessageKey.RESET_ERROR_RESERVED : MessageKey.LOGOFF_ERROR_RESERVED, Right.LOGOFF, Right.RESET);
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_START, target.id(), target.owner().name())));
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        SessionManager.LogoffOutcome outcome;
        try {
            outcome = sessions.logoff(target.id(), actor, (verb.equals("reset") ? "reset by " : "logged off by ")
                    + caller.name(), grace, step -> events.accept(Events.of(step)));
        } catch (IOException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_FAILED,
                    "session " + target.id() + ": logoff failed: " + e.getMessage(), Integer.toString(target.id()),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_FAILED,
                    "session " + target.id() + ": interrupted", Integer.toString(target.id()), "interrupted");
        }
        Message.Builder result = Message.builder(Message.RESULT).put("id", outcome.sessionId())
                .put("owner", outcome.owner());
        if (outcome.alreadyGone()) {
            events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_ALREADY, outcome.sessionId())));
            return result.put("already", true).build();
        }
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_DONE, outcome.sessionId(), outcome.result().processes(),
                outcome.result().took().toMillis())));
        return result.put("processes", outcome.result().processes())
                .put("signals", String.join("+", outcome.result().signals()))
                .put("took_ms", outcome.result().took().toMillis()).build();
    }
}
