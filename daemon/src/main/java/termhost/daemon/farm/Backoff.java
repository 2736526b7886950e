package termhost.daemon.farm;

import java.time.Duration;

/**
 * Delays between attempts to reach the directory after a failure: doubling from {@code first} up
 * to {@code most}, back to {@code first} after a success. Not thread-safe; one per {@link FarmMember}.
 */
final class Backoff {
    private final Duration first;
    private final Duration most;
    private Duration next;

    Backoff(Duration first, Duration most) {
        this.first = first;
        this.most = most;
        this.next = first;
    }

    /** The delay before the next attempt; each call doubles the one after, up to the most. */
    Duration next() {
        Duration now = next;
        next = next.multipliedBy(2).compareTo(most) > 0 ? most : next.multipliedBy(2);
        return now;
    }

    void reset() {
        next = first;
    }
}
