package termhost.daemon.farm.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Durations of one kind of call, as a bench step collects them: {@link #take} hands over what was
 * recorded since the last take, so each step reports its own. Thread-safe.
 */
final class Latencies {
    private List<Long> nanos = new ArrayList<>();

    synchronized void add(long durationNanos) {
        nanos.add(durationNanos);
    }

    /** What was recorded since the last take (and clears it), sorted. */
    synchronized Sample take() {
        List<Long> taken = nanos;
        nanos = new ArrayList<>();
        Collections.sort(taken);
        return new Sample(taken);
    }

    /** Sorted durations, in nanoseconds. */
    record Sample(List<Long> sorted) {
        int count() {
            return sorted.size();
        }

        /** The q-quantile (0..1) in milliseconds, nearest rank; NaN when nothing was recorded. */
        double ms(double q) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
        }
    }
}
