package termhost.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon's timed work (the reaper, the time limits) when it is due, on one thread: each
 * task does what is due at {@code now} and returns when it wants to run next; the timer sleeps
 * until the earliest of those, or until {@link #nudge} says something changed that may have
 * brought a due time closer (a session connected, disconnected, failed to end). Nudges while a
 * run is pending or running cost one more run at most.
 */
final class DueTimer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DueTimer.class);
    /** The longest the timer sleeps, whatever the tasks say: a bound on a task that forgets to ask. */
    static final Duration MAX_SLEEP = Duration.ofMinutes(1);

    /** Timed work: does what is due at {@code now}, returns when it is next due. */
    @FunctionalInterface
    interface Task {
        Instant run(Instant now);
    }

    private final Clock clock;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "due-timer");
        t.setDaemon(true);
        return t;
    });
    /** The next run not yet started, and when it is due; guarded by this. */
    private ScheduledFuture<?> pending;
    private Instant pendingAt;

    DueTimer(Clock clock) {
        this.clock = clock;
    }

    /** Adds {@code task}, first run at the next run of the timer (a {@link #nudge} starts one). */
    void add(Task task) {
        tasks.add(task);
    }

    /** Something changed: run as soon as the thread is free. */
    void nudge() {
        runAt(clock.instant());
    }

    private synchronized void runAt(Instant at) {
        if (thread.isShutdown() || pending != null && !at.isBefore(pendingAt)) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pendingAt = at;
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        pending = thread.schedule(this::runAll, delay, TimeUnit.MILLISECONDS);
    }

    private void runAll() {
        synchronized (this) {
            pending = null; // from here, a nudge schedules a run after this one
        }
        Instant now = clock.instant();
        Instant next = now.plus(MAX_SLEEP);
        for (Task task : tasks) {
            try {
                Instant due = task.run(now);
                if (due.isBefore(next)) {
                    next = due;
                }
            } catch (RuntimeException e) {
                // a failed round must not stop the timer: it tries again soon
                log.warn("timed work failed: {}", e.toString(), e);
                next = now.plusSeconds(1);
            }
        }
        runAt(next);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
