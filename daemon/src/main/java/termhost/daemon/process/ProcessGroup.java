package termhost.daemon.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The processes of one session, and the only way the daemon signals them. */
public interface ProcessGroup {
    /** What the store keeps to find this group again. */
    String id();

    /**
     * A command prefix that puts the process into this group before it execs the rest of the
     * command line. Placing a PID after spawn races: its children can escape first.
     */
    List<String> launchPrefix();

    /**
     * The files ({@code cgroup.procs}) a process writes its own pid into to join this group, as the
     * session leader's child does before it execs; empty when the group is no cgroup.
     */
    default List<Path> procsFiles() {
        return List.of();
    }

    /** Variables the launched process must have (the tag fallback needs one). */
    Map<String, String> launchEnvironment();

    /** The processes in the group now. */
    Set<Long> pids() throws IOException;

    boolean populated() throws IOException;

    /** Sends {@code signal} to every process in the group now. Returns how many got it. */
    default int signalAll(int signal) throws IOException {
        return signalEach(signal);
    }

    /**
     * Sends each of {@code signals}, in order, to every process in the group now (one pass over the
     * members: each process gets them back to back). Returns how many processes got the first.
     */
    int signalEach(int... signals) throws IOException;

    /** Kills every process, including ones forking while we kill (cgroup.kill is atomic). */
    void killAll() throws IOException;

    /** Waits until no process is left, at most {@code timeout}. True if the group is empty. */
    boolean awaitEmpty(Duration timeout) throws IOException, InterruptedException;

    /** Removes the (empty) group. A second call does nothing. */
    void remove() throws IOException;

    /**
     * Gives up on a group whose processes cannot be ended (stuck in the kernel: D state): moves
     * them out of the way, so the session's id can be used again, and says where they are now, for
     * the audit log. They stay contained; nothing else touches them.
     */
    String abandon() throws IOException;
}
