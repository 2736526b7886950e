package termhost.daemon.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The farm's command table (issue #15; reference/farm.md §3 "commands"): a command for a session on
 * another host is a durable row, and a notification on the host's channel only wakes it. Each row
 * runs at most once: its host {@link #claim claims} it before running it, and a caller that stops
 * waiting {@link #abandon abandons} it, whichever comes first wins.
 *
 * <p>Every method throws {@link StoreException} when the table cannot be reached; the next call
 * connects again. {@link #await} is for one thread (the host's listener); the others may be called
 * from any thread.
 */
public interface CommandQueue extends AutoCloseable {
    /**
     * One command: {@code verb} is the operation's wire name and {@code args} its request's fields,
     * the session named by its id on {@code host}; the actor is the caller on {@code actorHost}.
     */
    record Command(long seq, String host, int sessionId, String verb, Map<String, String> args, String actor,
            int actorUid, String actorHost) {
    }

    /**
     * What woke the listener: {@code fresh} after it (re)connected and (re)listened, when commands
     * and outcomes may have been missed (scan for them); else the commands for this host and the
     * outcomes of this host's commands that were notified.
     */
    record Wakeups(boolean fresh, List<Long> commands, List<Long> outcomes) {
    }

    /**
     * Adds {@code command} (its seq ignored) for a host of {@code farm} and notifies that host, in one
     * transaction; its seq, or empty (nothing added) when {@code command.host()} is no host of the farm
     * (host names match in any case, as Windows server names do).
     */
    Optional<Long> submit(String farm, Command command);

    /** The outcome of command {@code seq}, once its host has written it. */
    Optional<Map<String, String>> outcome(long seq);

    /** Gives up command {@code seq} with {@code outcome} unless its host claimed it already; whether it did. */
    boolean abandon(long seq, Map<String, String> outcome);

    /** The commands for {@code host} that no one has claimed, oldest first. */
    List<Long> undone(String host);

    /** Claims command {@code seq} for {@code host}: the command, or empty when it was claimed or abandoned already. */
    Optional<Command> claim(String host, long seq);

    /** Writes the outcome of a claimed command and notifies its caller's host. */
    void complete(Command command, Map<String, String> outcome);

    /**
     * Waits up to {@code timeout} for notifications to {@code host}: commands for it and outcomes of
     * its own commands, on a connection of its own that stays listening between calls.
     */
    Wakeups await(String host, Duration timeout);

    /** Ends both connections; calls after it connect again. A second call does nothing. */
    @Override
    void close();
}
