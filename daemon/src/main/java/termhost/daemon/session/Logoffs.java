package termhost.daemon.session;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.process.Step;
import termhost.daemon.process.Teardown;
import termhost.daemon.store.StoreException;

/**
 * Logoff: ends every process of a session and deletes it, recorded before it is reported. Verbs,
 * who calls them, what a second call does:
 * <ul>
 *   <li>{@link #logoff}: admin requests. Marks the session Down, tells its clients why, ends its
 *       processes ({@link Teardown}), records and deletes it. A concurrent second call waits for
 *       the first, at most {@link #WAIT_BEYOND_GRACE} past the grace period, and reports
 *       {@link LogoffOutcome#alreadyGone()}; an id that is gone is NOT_FOUND.</li>
 *   <li>{@link #reset}: {@code reset session}: the same without a grace period; a session whose
 *       processes cannot be ended is cleared all the same (deleted, its group set aside).</li>
 *   <li>{@link #endQuietly}: the paths with nobody to answer (exec ends, shells that exit, the
 *       reaper, the time limits): errors are logged.</li>
 *   <li>{@link #retryFailed}: the reaper, for a failed logoff whose retry is due.</li>
 * </ul>
 *
 * <p>One lifecycle per session: the start of a logoff is a compare-and-set of its
 * {@link Session.Phase} (one winner, who does the work), and its outcome is one completion the
 * other callers wait on, each with a deadline. A logoff that fails (teardown throws, a process
 * survives SIGKILL, the group cannot be removed, the record cannot be written) leaves the session
 * {@link Session.Phase#FAILED}: shown Down with its reason, audited, retried by the reaper with a
 * growing delay, and cleared by a reset. At most {@link #MAX_WAITERS} callers wait at once; others
 * are answered at once, so a hundred logoffs of a stuck session leave the daemon answering.
 */
public final class Logoffs {
    private static final Logger log = LoggerFactory.getLogger(Logoffs.class);
    /** How long past the grace period a caller waits for another logoff of the same session. */
    static final Duration WAIT_BEYOND_GRACE = Duration.ofSeconds(10);
    /** Callers waiting for others' logoffs, at most, across all sessions. */
    static final int MAX_WAITERS = 8;
    /** A retry's wait after cgroup.kill: its processes had their chance at the first attempt. */
    static final Duration RETRY_KILL_WAIT = Duration.ofSeconds(2);
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration LAST_RETRY = Duration.ofMinutes(5);

    private final SessionRegistry registry;
    private final SessionJournal journal;
    private final SessionEnvironment environment;
    private final Messenger messenger;
    private final Teardown teardown;
    private final Duration gracePeriod;
    private final Runnable changed;
    private final Duration waitBeyondGrace;
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);

    /**
     * @param changed told when a session's due times change (a retry was scheduled)
     * @param waitBeyondGrace {@link #WAIT_BEYOND_GRACE}, shorter in tests
     */
    Logoffs(SessionRegistry registry, SessionJournal journal, SessionEnvironment environment, Messenger messenger,
            Teardown teardown, Duration gracePeriod, Runnable changed, Duration waitBeyondGrace) {
        this.registry = registry;
        this.journal = journal;
        this.environment = environment;
        this.messenger = messenger;
        this.teardown = teardown;
        this.gracePeriod = gracePeriod;
        this.changed = changed;
        this.waitBeyondGrace = waitBeyondGrace;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    /**
     * Logs session {@code id} off.
     *
     * @param grace how long processes get after HUP/TERM
     * @param progress one line per step, for {@code /v}
     * @throws TermhostException NOT_FOUND for an id that is gone; UNAVAILABLE when the logoff
     *     failed (the session stays, Down, with the reason); CONFLICT when another logoff of it
     *     is still running past the deadline, or too many callers wait already
     */
    public LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress)
            throws InterruptedException {
        return run(find(id), actor, reason, grace, progress, true, false);
    }

    /** {@code reset session}: {@link #logoff} without a grace period, clearing a session that cannot be ended. */
    public LogoffOutcome reset(int id, Actor actor, String reason, Consumer<Step> progress) throws InterruptedException {
        return run(find(id), actor, reason, Duration.ZERO, progress, true, true);
    }

    /** Logs off, logging instead of throwing: for paths that have nobody to report to. */
    public void endQuietly(Session s, Actor actor, String reason) {
        endQuietly(s, actor, reason, true);
    }

    /** The user's shell exited: a logoff by the user; its clients end without a word, as with sshd. */
    void endAfterShellExit(Session s) {
        endQuietly(s, new Actor(s.owner().name(), s.owner().uid(), "shell exit"), "the session's shell exited", false);
    }

    /** The reaper: tries again to end a session whose logoff failed, if its retry is due at {@code now}. */
    void retryFailed(Session s, Instant now) {
        Instant due = s.retryAt();
        if (due != null && !now.isBefore(due)) {
            endQuietly(s, Actor.daemon("reaper"), "its earlier logoff failed; trying again");
        }
    }

    private void endQuietly(Session s, Actor actor, String reason, boolean tellClients) {
        try {
            run(s, actor, reason, gracePeriod, step -> { }, tellClients, false);
        } catch (TermhostException e) {
            log.debug("{}: {}", s, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Session find(int id) {
        return registry.find(id).orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                MessageKey.ERROR_SESSION_NOT_FOUND, "session " + id + ": not found", Integer.toString(id)));
    }

    /** This caller's attempt: its completion, the connections to end, and whether a failed one is retried. */
    private record Attempt(CompletableFuture<LogoffOutcome> done, List<Connection> attached, boolean retry) {
    }

    private LogoffOutcome run(Session s, Actor actor, String reason, Duration grace, Consumer<Step> progress,
            boolean tellClients, boolean clearIfStuck) throws InterruptedException {
        Attempt mine = begin(s);
        if (mine == null) {
            return awaitOther(s, grace);
        }
        journal.persistState(s);
        for (Connection c : mine.attached()) {
            c.endViewer(tellClients ? "Session " + s.id() + " is being logged off: " + reason : null, 0);
        }
        Teardown.Result r;
        try {
            r = teardown.end(s.group(), mine.retry() ? Duration.ZERO : grace,
                    mine.retry() ? RETRY_KILL_WAIT : Teardown.KILL_WAIT, progress);
        } catch (IOException | RuntimeException e) {
            return failed(s, mine, actor, reason, "its teardown failed: " + e.getMessage(), clearIfStuck);
        }
        if (!r.empty()) {
            return failed(s, mine, actor, reason, describe(r) + "; processes remain after SIGKILL: "
                    + remaining(s), clearIfStuck);
        }
        try {
            journal.loggedOff(s, actor, reason + "; " + describe(r));
        } catch (StoreException e) {
            // the processes are gone; the record is retried with the rest until it is written
            return failed(s, mine, actor, reason, "cannot record the logoff: " + e.getMessage(), false);
        }
        return ended(s, mine, new LogoffOutcome(s.id(), s.owner().name(), r, false));
    }

    /**
     * The compare-and-set that makes this caller the one who logs {@code s} off (an open session,
     * or a retry of a failed one); null when another caller's logoff runs, or it is over. Under the
     * registry lock, so no connection attaches after the connections to end were taken.
     */
    private Attempt begin(Session s) {
        return registry.locked(() -> {
            Session.Phase p = s.phase();
            boolean retry = p == Session.Phase.FAILED;
            if ((p == Session.Phase.OPEN || p == Session.Phase.STARTING || retry)
                    && s.advance(p, Session.Phase.LOGGING_OFF)) {
                return new Attempt(s.newLogoffAttempt(), List.copyOf(s.connections()), retry);
            }
            return null;
        });
    }

    private LogoffOutcome awaitOther(Session s, Duration grace) throws InterruptedException {
        CompletableFuture<LogoffOutcome> other = s.logoffCompletion();
        boolean waiting = !other.isDone();
        if (waiting && !waiters.tryAcquire()) {
            throw stillClosing(s, "too many requests wait for logoffs already");
        }
        try {
            other.get(grace.plus(waitBeyondGrace).toMillis(), TimeUnit.MILLISECONDS);
            return new LogoffOutcome(s.id(), s.owner().name(), null, true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TermhostException t ? t
                    : TermhostException.internal(e.getCause().toString());
        } catch (TimeoutException e) {
            throw stillClosing(s, "its logoff is still running");
        } finally {
            if (waiting) {
                waiters.release();
            }
        }
    }

    /** How many callers wait for others' logoffs now. */
    int waiting() {
        return MAX_WAITERS - waiters.availablePermits();
    }

    private static TermhostException stillClosing(Session s, String why) {
        return new TermhostException(ErrorCategory.CONFLICT, MessageKey.ERROR_SESSION_CLOSING,
                s + ": already being logged off; " + why, Integer.toString(s.id()));
    }

    private LogoffOutcome failed(Session s, Attempt mine, Actor actor, String reason, String why,
            boolean clearIfStuck) {
        if (clearIfStuck) {
            try {
                return cleared(s, mine, actor, reason, why);
            } catch (StoreException e) {
                why = why + "; cannot record clearing it: " + e.getMessage();
            }
        }
        s.failed(why, journal.now(), Logoffs::retryDelay);
        journal.logoffFailed(s, actor, reason + "; " + why);
        s.advance(Session.Phase.LOGGING_OFF, Session.Phase.FAILED);
        journal.persistState(s);
        log.warn("{}: logoff failed: {}", s, why);
        TermhostException e = new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_FAILED,
                s + ": cannot log off: " + why, Integer.toString(s.id()), why);
        mine.done().completeExceptionally(e);
        changed.run();
        throw e;
    }

    /** 2 s, then doubling, at most 5 minutes: a stuck process is looked at again, not hammered. */
    static Duration retryDelay(int failuresSoFar) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failuresSoFar, 20));
        return d.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : d;
    }

    /** A reset of a session that cannot be ended: deleted all the same, its group set aside and recorded. */
    private LogoffOutcome cleared(Session s, Attempt mine, Actor actor, String reason, String why) {
        int left = remainingCount(s);
        String where;
        try {
            where = s.group().abandon();
        } catch (IOException | RuntimeException e) {
            where = s.group().id() + " (it could not be moved: " + e.getMessage() + ")";
        }
        journal.loggedOff(s, actor, reason + "; " + why + "; cleared by the reset: " + left
                + " process(es) left in " + where);
        return ended(s, mine, new LogoffOutcome(s.id(), s.owner().name(),
                new Teardown.Result(left, List.of("KILL"), Duration.ZERO, false), false));
    }

    private LogoffOutcome ended(Session s, Attempt mine, LogoffOutcome outcome) {
        s.advance(Session.Phase.LOGGING_OFF, Session.Phase.ENDED);
        s.closeAgentSocket();
        environment.removeSessionDir(s.id());
        messenger.forget(s.id());
        registry.remove(s);
        mine.done().complete(outcome);
        changed.run();
        return outcome;
    }

    private static String remaining(Session s) {
        try {
            Set<Long> pids = s.group().pids();
            return pids.isEmpty() ? "the group cannot be removed" : "pids " + new java.util.TreeSet<>(pids);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static int remainingCount(Session s) {
        try {
            return s.group().pids().size();
        } catch (IOException e) {
            return 0;
        }
    }

    static String describe(Teardown.Result r) {
        return "processes=" + r.processes() + ", signals=" + (r.signals().isEmpty() ? "none"
                : String.join("+", r.signals())) + ", took=" + r.took().toMillis() + "ms";
    }
}
