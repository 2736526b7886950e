package termhost.daemon.policy;

import java.time.Duration;

/**
 * The session time limits of RDS, each {@link Duration#ZERO} for none: how long a disconnected
 * session may stay (then it is logged off), how long a session may be idle (no user input) or
 * active (connected) before it is disconnected — or logged off when {@code endSession} is on.
 * {@code warning} is how long before a limit the user is told with a message.
 */
public record Limits(Duration disconnected, Duration idle, Duration active, boolean endSession, Duration warning) {
    public static final Limits NONE = new Limits(Duration.ZERO, Duration.ZERO, Duration.ZERO, false,
            Duration.ofMinutes(2));

    public Limits {
        for (Duration d : new Duration[] {disconnected, idle, active, warning}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a time limit must not be negative: " + d);
            }
        }
    }
}
