package termhost.daemon.process;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import termhost.api.MessageKey;

/**
 * Ends every process of a group: graceful, then certain.
 *
 * <ol>
 *   <li>SIGHUP and SIGTERM (and SIGCONT, so stopped processes can act on them) to every member;
 *   <li>wait up to the grace period for the group to empty;
 *   <li>then {@code cgroup.kill}, which reaches processes that setsid, double-fork, ignore signals
 *       or fork while we kill;
 *   <li>wait for {@code populated 0}, remove the group.
 * </ol>
 * Never by bare PID lists or process groups alone: those miss setsid/double-fork/nohup processes.
 */
public final class Teardown {
    /** How long after cgroup.kill a first logoff waits before calling the group stuck (D state, ...). */
    public static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final Clock clock;

    public Teardown(Clock clock) {
        this.clock = clock;
    }

    /** What it took; {@code signals} lists what was needed, e.g. [HUP, TERM] or [HUP, TERM, KILL]. */
    public record Result(int processes, List<String> signals, Duration took, boolean empty) {
    }

    /**
     * @param grace how long processes get to exit on HUP/TERM; zero goes straight to KILL
     * @param progress receives each step (for {@code logoff /v})
     */
    public Result end(ProcessGroup group, Duration grace, Consumer<Step> progress)
            throws IOException, InterruptedException {
        return end(group, grace, KILL_WAIT, progress);
    }

    /** @param killWait how long processes get to die after {@code cgroup.kill} before the group counts as stuck */
    public Result end(ProcessGroup group, Duration grace, Duration killWait, Consumer<Step> progress)
            throws IOException, InterruptedException {
        long start = clock.millis();
        List<String> signals = new ArrayList<>();
        int processes = group.pids().size();
        progress.accept(Step.of(MessageKey.LOGOFF_V_PROCESSES, processes));
        boolean empty = !group.populated();
        if (!empty && !grace.isZero()) {
            group.signalEach(Signals.SIGHUP, Signals.SIGTERM, Signals.SIGCONT);
            signals.add("HUP");
            signals.add("TERM");
            progress.accept(Step.of(MessageKey.LOGOFF_V_HUP_TERM, grace.toMillis()));
            empty = group.awaitEmpty(grace);
        }
        if (!empty) {
            group.killAll();
            signals.add("KILL");
            progress.accept(Step.of(MessageKey.LOGOFF_V_KILL));
            empty = group.awaitEmpty(killWait);
        }
        if (empty) {
            group.remove();
            progress.accept(Step.of(MessageKey.LOGOFF_V_REMOVED));
        }
        return new Result(processes, List.copyOf(signals), Duration.ofMillis(clock.millis() - start), empty);
    }
}
