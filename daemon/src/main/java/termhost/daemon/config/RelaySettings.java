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
 * @param onLostHost what a logon gets when the user's session is on a lost host
 * @param sessionLimit sessions beyond which routing sends no new session here (0: none)
 */
public record RelaySettings(Optional<Path> pinnedKeys, boolean relayRoot, OnLostHost onLostHost, int sessionLimit) {
    /** What a logon gets when the user's session is on a host that is lost (or stopped). */
    public enum OnLostHost {
        /** a new session, on the host routing chooses */
        NEW,
        /** a refusal saying where the session is */
        REFUSE;

        /** The setting's word for it. */
        public String settingName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static OnLostHost parse(String text) {
            for (OnLostHost o : values()) {
                if (o.settingName().equals(text.trim().toLowerCase(java.util.Locale.ROOT))) {
                    return o;
                }
            }
            throw new IllegalArgumentException("farm.on-lost-host must be new or refuse: " + text);
        }
    }

    public RelaySettings {
        java.util.Objects.requireNonNull(pinnedKeys, "farm.pinned-keys not set (empty for none)");
        java.util.Objects.requireNonNull(onLostHost, "farm.on-lost-host not set");
        if (sessionLimit < 0) {
            throw new IllegalArgumentException("farm.session-limit must not be negative: " + sessionLimit);
        }
    }
}
