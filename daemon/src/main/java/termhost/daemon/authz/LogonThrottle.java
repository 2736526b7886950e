package termhost.daemon.authz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: a client address with {@code maxFailures} refused logons within
 * {@code window} is refused at once, without a look at any key, until its oldest failure leaves
 * the window. Each SSH connection is already bounded to a few attempts; this bounds the
 * connections. (MINA cannot answer a public-key attempt later without holding an I/O thread, so
 * the delay is paid per address rather than per attempt.)
 */
public final class LogonThrottle {
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LogonThrottle(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Records a refused logon from {@code host} (an address without the port). */
    public void failed(String host) {
        if (failures.size() >= MAX_TRACKED) {
            prune();
        }
        Deque<Instant> q = failures.computeIfAbsent(host, h -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(clock.instant());
            while (q.size() > maxFailures) {
                q.removeFirst();
            }
        }
    }

    /** How long {@code host} must still wait, or {@link Duration#ZERO}. */
    public Duration waitFor(String host) {
        Deque<Instant> q = failures.get(host);
        if (q == null) {
            return Duration.ZERO;
        }
        synchronized (q) {
            Instant cutoff = clock.instant().minus(window);
            while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
                q.removeFirst();
            }
            if (q.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.between(cutoff, q.peekFirst());
        }
    }

    private void prune() {
        failures.keySet().removeIf(h -> waitFor(h).isZero());
    }
}
