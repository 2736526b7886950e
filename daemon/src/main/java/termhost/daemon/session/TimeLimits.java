package termhost.daemon.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.SessionKind;
import termhost.api.TermhostException;
import termhost.daemon.policy.Limits;
import termhost.daemon.policy.PolicyAction;
import termhost.daemon.policy.PolicyEngine;
import termhost.daemon.policy.SessionFacts;

/**
 * The RDS session time limits, applied: carries out what the {@link PolicyEngine} finds due at
 * the time it is run (warns with a message, disconnects, logs off), and returns when anything is
 * due next. Each action goes through the same session verbs as the commands, so it is audited the
 * same way, with the actor {@code termhost} and the limit as its source.
 */
public final class TimeLimits {
    private static final Logger log = LoggerFactory.getLogger(TimeLimits.class);

    private final SessionRegistry registry;
    private final Attachments attachments;
    private final Logoffs logoffs;
    private final Messenger messenger;
    private final Limits limits;
    private final PolicyEngine engine = new PolicyEngine();

    TimeLimits(SessionRegistry registry, Attachments attachments, Logoffs logoffs, Messenger messenger,
            Limits limits) {
        this.registry = registry;
        this.attachments = attachments;
        this.logoffs = logoffs;
        this.messenger = messenger;
        this.limits = limits;
    }

    /** Applies the limits at {@code now}; returns when to look again. */
    public Instant run(Instant now) {
        List<SessionFacts> facts = registry.sessions().stream().filter(s -> !s.closing())
                .map(s -> new SessionFacts(s.id(), s.kind() == SessionKind.INTERACTIVE, s.connectedSince(),
                        s.connectedSince() == null ? s.disconnectTime() : null, s.lastInputTime()))
                .toList();
        PolicyEngine.Decision d = engine.evaluate(limits, facts, now);
        for (PolicyAction a : d.actions()) {
            Optional<Session> s = registry.find(a.sessionId());
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
            case WARN -> messenger.message(s, actor, warning(a), limits.warning(), false);
            case DISCONNECT -> attachments.disconnectAll(s.id(), actor);
            case LOG_OFF -> {
                engine.forget(s.id());
                logoffs.endQuietly(s, actor, "the " + a.limit() + " session limit was reached");
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
