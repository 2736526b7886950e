package termhost.daemon.process;

import java.io.IOException;
import java.util.Optional;

/**
 * Holds every process of every session, one {@link ProcessGroup} per session: a cgroup where the
 * host lets us make one, else a tag in the environment (weaker; said loudly at start-up).
 */
public interface Containment {
    /** Makes the group of a new session. A stale group of the same id is emptied and reused. */
    ProcessGroup create(int sessionId) throws IOException;

    /** The group a stored session had, if it still exists (after a daemon restart). */
    Optional<ProcessGroup> adopt(String storedId);

    /** The stored id of the session group that holds {@code pid}, if any: how we find "current". */
    Optional<String> groupOf(long pid);

    /** One line for the start-up banner and {@code termhost config}. */
    String describe();

    /** False when processes can leave their group (the tag fallback). */
    boolean isStrict();
}
