package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;

/**
 * The logoff lifecycle: one winner, callers waiting with a deadline, and every way a logoff can
 * fail ending in a visible, audited state that the reaper retries and a reset clears.
 */
class LogoffsTest {
    private static final Actor ROOT = new Actor("root", 0, "local pid 1");

    @TempDir
    Path tmp;

    private static LogoffOutcome logoff(FakeHost host, Session s) throws InterruptedException {
        return host.core.logoffs().logoff(s.id(), ROOT, "logged off by root", Duration.ZERO, step -> { });
    }

    @Test
    void aLogoffEndsTheProcessesTellsTheClientAndRecordsBeforeItReturns() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        FakeViewer client = new FakeViewer("10.0.0.5:40000");
        Session s = host.logon(FakeHost.ALICE, client).session();

        LogoffOutcome o = logoff(host, s);

        assertThat(o.alreadyGone()).isFalse();
        assertThat(o.result().processes()).isEqualTo(2);
        assertThat(client.endReason).isEqualTo("Session 2 is being logged off: logged off by root");
        assertThat(host.group(s).removed).isTrue();
        assertThat(host.core.registry().sessions()).isEmpty();
        assertThat(host.store.sessions().all()).isEmpty();
        assertThat(host.records("session.logoff")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.actor()).isEqualTo("root");
        });
        assertThatThrownBy(() -> logoff(host, s)).isInstanceOfSatisfying(TermhostException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void aSecondCallerWaitsForTheFirstAndIsToldTheSessionIsGone() throws Exception {
        FakeHost host = new FakeHost(tmp, false, Duration.ofSeconds(10));
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).ignoreSignals = true; // the processes need cgroup.kill, whose wait is held
        host.group(s).hold();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LogoffOutcome> first = pool.submit(() -> logoff(host, s));
            awaitPhase(s, Session.Phase.LOGGING_OFF);
            Future<LogoffOutcome> second = pool.submit(() -> logoff(host, s));
            await().atMost(Duration.ofSeconds(5)).until(() -> host.core.logoffs().waiting() == 1);
            assertThat(s.state()).isEqualTo(SessionState.DOWN);

            host.group(s).release();

            assertThat(first.get(5, TimeUnit.SECONDS).alreadyGone()).isFalse();
            assertThat(second.get(5, TimeUnit.SECONDS).alreadyGone()).isTrue();
            assertThat(host.records("session.logoff")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWaitingForAnotherLogoffGivesUpAtItsDeadlineAndIsToldWhy() throws Exception {
        FakeHost host = new FakeHost(tmp, false, Duration.ofMillis(100));
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).ignoreSignals = true;
        host.group(s).hold();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<LogoffOutcome> first = pool.submit(() -> logoff(host, s));
            awaitPhase(s, Session.Phase.LOGGING_OFF);

            long start = System.nanoTime();
            assertThatThrownBy(() -> logoff(host, s)).isInstanceOfSatisfying(TermhostException.class, e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
                assertThat(e.getMessage()).contains("already being logged off; its logoff is still running");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            host.group(s).release();
            first.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTeardownThatThrowsLeavesTheSessionFailedVisibleAndAuditedAndTheReaperEndsItLater() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).signalFailure = new IOException("cgroup.procs: Input/output error");
        int changesBefore = host.changes.get();

        assertThatThrownBy(() -> logoff(host, s)).isInstanceOfSatisfying(TermhostException.class, e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_LOGOFF_FAILED);
        });

        assertThat(s.phase()).isEqualTo(Session.Phase.FAILED);
        assertThat(s.state()).isEqualTo(SessionState.DOWN);
        assertThat(s.failure()).hasValueSatisfying(f -> assertThat(f).contains("Input/output error"));
        assertThat(host.core.registry().sessions()).as("shown to administrators").containsExactly(s);
        assertThat(host.records("session.logoff")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("failed"));
        assertThat(host.store.sessions().all()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(SessionState.DOWN));
        assertThat(host.changes.get()).as("the timer is told a retry is due").isGreaterThan(changesBefore);

        // the fault is gone; the reaper retries when the retry is due, not before
        host.group(s).signalFailure = null;
        assertThat(s.retryAt()).isEqualTo(host.clock.instant().plusSeconds(2));
        host.clock.advance(Duration.ofSeconds(1));
        host.core.reaper().reap(host.clock.instant());
        assertThat(s.phase()).isEqualTo(Session.Phase.FAILED);
        host.clock.advance(Duration.ofSeconds(1));
        host.core.reaper().reap(host.clock.instant());

        assertThat(s.phase()).isEqualTo(Session.Phase.ENDED);
        assertThat(host.core.registry().sessions()).isEmpty();
        assertThat(host.records("session.logoff")).extracting(e -> e.outcome()).containsExactly("failed", "success");
    }

    @Test
    void failuresBeforeTheReapersTurnDoNotPutItOffAndItsOwnFailuresDo() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).removeFailure = new IOException("Device or resource busy");
        assertThatThrownBy(() -> logoff(host, s)).isInstanceOf(TermhostException.class);
        Instant due = host.clock.instant().plusSeconds(2);
        assertThat(s.retryAt()).isEqualTo(due);

        // an administrator's impatient logoffs, each failing before the reaper's turn
        for (int i = 0; i < 10; i++) {
            host.clock.advance(Duration.ofMillis(100));
            assertThatThrownBy(() -> logoff(host, s)).isInstanceOf(TermhostException.class);
        }
        assertThat(s.retryAt()).as("the reaper's turn as it was").isEqualTo(due);

        host.clock.advance(Duration.ofSeconds(1));
        host.core.reaper().reap(host.clock.instant());
        assertThat(s.retryAt()).as("its own failure: twice as long").isEqualTo(host.clock.instant().plusSeconds(4));
        assertThat(host.records("session.logoff")).hasSize(12).allSatisfy(e -> assertThat(e.outcome()).isEqualTo("failed"));
    }

    @Test
    void aProcessThatWillNotDieFailsTheLogoffAndAResetClearsTheSessionAllTheSame() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).ignoreSignals = true;
        host.group(s).unkillable = true;

        assertThatThrownBy(() -> logoff(host, s)).isInstanceOf(TermhostException.class)
                .hasMessageContaining("processes remain after SIGKILL");
        assertThat(s.failure()).hasValueSatisfying(f -> assertThat(f).contains("pids [20000, 20001]"));

        LogoffOutcome reset = host.core.logoffs().reset(s.id(), ROOT, "reset by root", step -> { });

        assertThat(reset.result().empty()).isFalse();
        assertThat(host.group(s).abandonedTo).as("its group set aside").isEqualTo("g-2.stuck");
        assertThat(host.core.registry().sessions()).isEmpty();
        assertThat(host.store.sessions().all()).isEmpty();
        assertThat(host.records("session.logoff")).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.detail()).contains("cleared by the reset: 2 process(es) left in g-2.stuck");
        });
        assertThat(host.core.registry().reserve()).as("its id can be used again").isEqualTo(2);
    }

    @Test
    void aGroupThatCannotBeRemovedFailsTheLogoffUntilItCanBe() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Session s = host.logon(FakeHost.ALICE);
        host.group(s).removeFailure = new IOException("Device or resource busy");

        assertThatThrownBy(() -> logoff(host, s)).hasMessageContaining("Device or resource busy");
        assertThat(s.phase()).isEqualTo(Session.Phase.FAILED);

        host.group(s).removeFailure = null;
        LogoffOutcome o = logoff(host, s);

        assertThat(o.alreadyGone()).isFalse();
        assertThat(s.phase()).isEqualTo(Session.Phase.ENDED);
    }

    @Test
    void aLogoffWhoseRecordCannotBeWrittenStaysUntilTheRecordIsWrittenAndNoneIsLost() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Session s = host.logon(FakeHost.ALICE);
        host.store.failing(true);

        assertThatThrownBy(() -> logoff(host, s)).hasMessageContaining("cannot record the logoff");
        assertThat(s.phase()).isEqualTo(Session.Phase.FAILED);
        assertThat(host.group(s).removed).as("its processes are gone").isTrue();

        host.store.failing(false);
        host.clock.advance(Duration.ofSeconds(2));
        host.core.reaper().reap(host.clock.instant());

        assertThat(s.phase()).isEqualTo(Session.Phase.ENDED);
        assertThat(host.records("session.logoff")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("success"));
        assertThat(host.store.sessions().all()).isEmpty();
    }

    @Test
    void aHundredLogoffsOfAStuckSessionAreAnsweredPromptlyAndTheOthersGoOn() throws Exception {
        FakeHost host = new FakeHost(tmp, false, Duration.ofMillis(300));
        Session stuck = host.logon(FakeHost.ALICE);
        Session other = host.logon(FakeHost.BOB);
        host.group(stuck).ignoreSignals = true;
        host.group(stuck).hold(); // its teardown waits: as a process in D state would keep it waiting
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<?>> calls = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        host.core.logoffs().logoff(stuck.id(), ROOT, "by root", Duration.ZERO, step -> { });
                    } catch (TermhostException e) {
                        // answered: refused, or still running past the deadline
                    }
                    return null;
                }));
            }
            awaitPhase(stuck, Session.Phase.LOGGING_OFF);
            // meanwhile everything else is answered
            LogoffOutcome o = logoff(host, other);
            assertThat(o.alreadyGone()).isFalse();
            // all but the one doing the teardown are answered: at once, or at the waiters' deadline
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().filter(f -> !f.isDone()).count() <= 1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            host.group(stuck).release();
            pool.shutdownNow();
        }
    }

    @Test
    void retriesComeLaterAndLaterButAtLeastEveryFiveMinutes() {
        assertThat(Logoffs.retryDelay(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Logoffs.retryDelay(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Logoffs.retryDelay(5)).isEqualTo(Duration.ofSeconds(64));
        assertThat(Logoffs.retryDelay(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Logoffs.retryDelay(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    private static void awaitPhase(Session s, Session.Phase phase) {
        await().atMost(Duration.ofSeconds(5)).until(() -> s.phase() == phase);
    }
}
