package termhost.daemon.farm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the local store changed that the directory has not seen yet: ids of sessions written, and
 * whether audit records were added. Marked by {@link PublishingStore} after each local commit,
 * taken by {@link FarmMember}, which is woken by each mark. Thread-safe.
 */
final class SessionChanges {
    private final Set<Integer> sessions = new LinkedHashSet<>();
    private boolean woken;

    synchronized void session(int id) {
        sessions.add(id);
        wake();
    }

    synchronized void audit() {
        wake();
    }

    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** The ids marked since the last call, oldest first; the mark is cleared. */
    synchronized Set<Integer> take() {
        Set<Integer> taken = new LinkedHashSet<>(sessions);
        sessions.clear();
        return taken;
    }

    /** Waits until {@code due} or a mark, whichever comes first. */
    synchronized void awaitUntil(Instant due, Clock clock) throws InterruptedException {
        while (!woken) {
            long ms = Duration.between(clock.instant(), due).toMillis();
            if (ms <= 0) {
                break;
            }
            wait(ms);
        }
        woken = false;
    }
}
