package termhost.daemon.session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import termhost.daemon.process.ProcessGroup;

/**
 * A session's processes as numbers: signals end them unless told otherwise, and the faults a real
 * group can have are switches ({@link #ignoreSignals}, {@link #unkillable}, {@link #signalFailure},
 * {@link #removeFailure}). {@link #hold} makes the wait for the group to empty block, so a test
 * can have a logoff in progress while it does something else.
 */
final class FakeGroup implements ProcessGroup {
    private final String id;
    final Set<Long> pids = ConcurrentHashMap.newKeySet();
    volatile boolean ignoreSignals;
    volatile boolean unkillable;
    volatile IOException signalFailure;
    volatile IOException removeFailure;
    volatile boolean removed;
    volatile String abandonedTo;
    private volatile CountDownLatch hold;

    FakeGroup(String id, long... processes) {
        this.id = id;
        for (long p : processes) {
            pids.add(p);
        }
    }

    /** Until {@link #release}, waiting for the group to empty blocks (up to the wait's timeout). */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<String> launchPrefix() {
        return List.of();
    }

    @Override
    public Map<String, String> launchEnvironment() {
        return Map.of();
    }

    @Override
    public Set<Long> pids() {
        return removed ? Set.of() : Set.copyOf(pids);
    }

    @Override
    public boolean populated() {
        return !removed && !pids.isEmpty();
    }

    @Override
    public int signalEach(int... signals) throws IOException {
        if (signalFailure != null) {
            throw signalFailure;
        }
        int n = pids.size();
        if (!ignoreSignals) {
            pids.clear();
        }
        return n;
    }

    @Override
    public void killAll() throws IOException {
        if (signalFailure != null) {
            throw signalFailure;
        }
        if (!unkillable) {
            pids.clear();
        }
    }

    @Override
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        CountDownLatch h = hold;
        if (h != null) {
            h.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return pids.isEmpty();
    }

    @Override
    public void remove() throws IOException {
        if (removeFailure != null) {
            throw removeFailure;
        }
        removed = true;
    }

    @Override
    public String abandon() {
        abandonedTo = id + ".stuck";
        return abandonedTo;
    }
}
