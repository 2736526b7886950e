package termhost.daemon.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.SessionKind;
import termhost.api.TermhostException;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * Carries out what the {@link PolicyEngine} finds due: warns with a message, disconnects, logs
 * off. Each action goes through the same session verbs as the commands, so it is audited the same
 * way, with the actor {@code termhost} and the limit as its source.
 */
public final class PolicyRunner {
    private static final Logger log = LoggerFactory.getLogger(PolicyRunner.class);

    private final SessionManager sessions;
    private final Limits limits;
    private final PolicyEngine engine = new PolicyEngine();

    public PolicyRunner(SessionManager sessions, Limits limits) {
        this.sessions = sessions;
        this.limits = limits;
    }

    /** Applies the limits at {@code now}; returns when to look again. */
    public Instant run(Instant now) {
        List<SessionFacts> facts = sessions.sessions().stream().filter(s -> !s.closing())
                .map(s -> new SessionFacts(s.id(), s.kind() == SessionKind.INTERACTIVE, s.connectedSince(),
                        s.connectedSince() == null ? s.disconnectTime() : null, s.lastInputTime()))
                .toList();
        PolicyEngine.Decision d = engine.evaluate(limits, facts, now);
        for (PolicyAction a : d.actions()) {
            Optional<Session> s = sessions.find(a.sessionId());
            if (s.isEmpty()) {
                engine.forget(a.sessionId());
                continue;
            }
            try {
                apply(s.get(), a);
            } catch (TermhostException e) {
                log.debug("session {}: {} limit: {}", a.sessionId(), a.limit(), e.getMessage());
            }
        }
        return d.next();
    }

    private void apply(Session s, PolicyAction a) {
        Actor actor = Actor.daemon("policy: " + a.limit() + " limit");
        switch (a.kind()) {
            case WARN -> sessions.message(s, actor, warning(a), limits.warning(), false);
            case DISCONNECT -> sessions.disconnectAll(s.id(), actor);
            case LOG_OFF -> {
                engine.forget(s.id());
                sessions.endQuietly(s, actor, "the " + a.limit() + " session limit was reached");
            }
            default -> throw new IllegalStateException("unknown action " + a.kind());
        }
    }

    private String warning(PolicyAction a) {
        String what = limits.endSession() ? "logged off" : "disconnected";
        Duration max = switch (a.limit()) {
            case "idle" -> limits.idle();
            case "active" -> limits.active();
            default -> limits.disconnected();
        };
        return "Your session will be " + what + " in " + minutes(limits.warning()) + ": it reaches the "
                + a.limit() + " session limit of " + minutes(max) + "."
                + (a.limit().equals("idle") ? " Press a key to stay." : " Save your work.");
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? (s / 60) + " minute" + (s == 60 ? "" : "s") : s + " seconds";
    }
}
