package termhost.daemon.policy;

import java.time.Instant;

/**
 * What the limits look at of one session, at one moment.
 *
 * @param connectedSince when its current connection attached (null when disconnected)
 * @param disconnectedSince when it lost its last connection (null when connected)
 * @param lastInput the last keystroke of its user (output does not count)
 */
public record SessionFacts(int id, boolean interactive, Instant connectedSince, Instant disconnectedSince,
        Instant lastInput) {
}
