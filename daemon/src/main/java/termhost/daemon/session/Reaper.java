package termhost.daemon.session;

import java.time.Duration;
import java.time.Instant;
import termhost.api.SessionKind;
import termhost.api.SessionState;

/**
 * The daemon's sweep, run at the times it returns:
 * <ul>
 *   <li>ends disconnected interactive sessions whose terminal holder died without a client to
 *       notice (the shell of a disconnected session exited, or was killed);</li>
 *   <li>retries the logoffs that failed, each when its retry is due.</li>
 * </ul>
 * Its next due time is the earliest retry, or the next sweep.
 */
public final class Reaper {
    /** How often disconnected sessions' holders are looked at. */
    static final Duration SWEEP = Duration.ofSeconds(1);

    private final SessionRegistry registry;
    private final Logoffs logoffs;

    Reaper(SessionRegistry registry, Logoffs logoffs) {
        this.registry = registry;
        this.logoffs = logoffs;
    }

    /** Does what is due at {@code now}; returns when it wants to run next. */
    public Instant reap(Instant now) {
        Instant next = now.plus(SWEEP);
        for (Session s : registry.sessions()) {
            if (s.phase() == Session.Phase.FAILED) {
                logoffs.retryFailed(s, now);
            } else if (s.kind() == SessionKind.INTERACTIVE && s.state() == SessionState.DISCONNECTED
                    && !s.terminal().alive()) {
                logoffs.endQuietly(s, Actor.daemon("reaper"), "the session's processes ended");
            }
            Instant retry = s.retryAt();
            if (retry != null && retry.isBefore(next)) {
                next = retry;
            }
        }
        return next;
    }
}
