package termhost.daemon.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time limits, as a pure function of the sessions' facts and {@code now} (OkHttp's
 * {@code cleanup(now)} pattern): {@link #evaluate} returns what is due and when to look again, so
 * tests move time instead of sleeping. It remembers only which warnings it already gave, so each
 * is given once per idle stretch or connection.
 */
public final class PolicyEngine {
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    /** Actions due now, and the next moment anything can become due. */
    public record Decision(List<PolicyAction> actions, Instant next) {
    }

    public Decision evaluate(Limits limits, List<SessionFacts> sessions, Instant now) {
        List<PolicyAction> actions = new ArrayList<>();
        Instant next = now.plus(Duration.ofHours(1));
        PolicyAction.Kind reached = limits.endSession() ? PolicyAction.Kind.LOG_OFF : PolicyAction.Kind.DISCONNECT;
        for (SessionFacts s : sessions) {
            if (s.disconnectedSince() != null) {
                next = check(s, "disconnected", s.disconnectedSince(), limits.disconnected(), Duration.ZERO,
                        PolicyAction.Kind.LOG_OFF, now, actions, next);
                continue;
            }
            if (!s.interactive()) {
                continue; // an exec request runs its command; no terminal to warn, nothing idle
            }
            next = check(s, "idle", s.lastInput(), limits.idle(), limits.warning(), reached, now, actions, next);
            if (s.connectedSince() != null) {
                next = check(s, "active", s.connectedSince(), limits.active(), limits.warning(), reached, now,
                        actions, next);
            }
        }
        return new Decision(actions, next);
    }

    private Instant check(SessionFacts s, String limit, Instant since, Duration max, Duration warning,
            PolicyAction.Kind reached, Instant now, List<PolicyAction> actions, Instant next) {
        if (max.isZero() || since == null) {
            return next;
        }
        Instant due = since.plus(max);
        Instant warnAt = due.minus(warning.compareTo(max) < 0 ? warning : Duration.ZERO);
        String key = s.id() + ":" + limit;
        if (!now.isBefore(due)) {
            actions.add(new PolicyAction(s.id(), reached, limit));
            warned.remove(key);
            return next;
        }
        if (!warning.isZero() && !now.isBefore(warnAt) && !since.equals(warned.get(key))) {
            actions.add(new PolicyAction(s.id(), PolicyAction.Kind.WARN, limit));
            warned.put(key, since);
        }
        Instant candidate = now.isBefore(warnAt) ? warnAt : due;
        return candidate.isBefore(next) ? candidate : next;
    }

    /** Forgets a session's warnings (it ended). */
    public void forget(int sessionId) {
        warned.keySet().removeIf(k -> k.startsWith(sessionId + ":"));
    }
}
