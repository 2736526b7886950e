package termhost.daemon.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Relayed logons in a farm (issue #15): an entry host relays a logon to the host holding the
 * user's session, authenticating with its own host key (SSH hostbased), and the holding host
 * admits it only from keys pinned in {@code pinnedKeys}.
 *
 * @param pinnedKeys the root-owned file of the farm's host keys (known_hosts format); empty: this
 *     host neither relays nor admits relayed logons
 * @param relayRoot whether a relayed logon of root is admitted (never, by default)
 */
public record RelaySettings(Optional<Path> pinnedKeys, boolean relayRoot) {
    public RelaySettings {
        java.util.Objects.requireNonNull(pinnedKeys, "farm.pinned-keys not set (empty for none)");
    }
}
