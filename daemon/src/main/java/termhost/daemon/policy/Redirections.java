package termhost.daemon.policy;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one SSH connection may redirect: RDS device redirection (reference/ssh-host.md §5), decided
 * once, when the connection logs on, as the AND of three things:
 * <ol>
 *   <li>the host's {@code redirect.*} settings ({@link Host});</li>
 *   <li>the user's Virtual Channels right (a deny to the user or a group of theirs turns every
 *       redirection off, as Windows turns off clipboard and drive redirection);</li>
 *   <li>what the key of the logon allows ({@link Key}: {@code restrict}, {@code no-port-forwarding},
 *       {@code no-agent-forwarding}, a certificate without {@code permit-port-forwarding} or
 *       {@code permit-agent-forwarding}). As with sshd, a key's options do not touch file transfer.</li>
 * </ol>
 * Each refusal has its reason, for the audit log and the client: the first of these that says no,
 * in the order above. Immutable; the transport keeps one per connection and asks it.
 */
public final class Redirections {
    /** {@code redirect.files}: the {@code sftp} subsystem, read-only with {@code sftp-server -R}. */
    public enum Files { ON, READ_ONLY, OFF }

    /** {@code redirect.ports}: {@code local} is {@code -L} and {@code -D}; {@code all} adds {@code -R}. */
    public enum Ports { OFF, LOCAL, ALL }

    /** One thing a client may ask to redirect. */
    public enum Kind {
        /** Reading files over SFTP (opening the subsystem at all). */
        FILES,
        /** Writing files over SFTP. */
        FILE_WRITES,
        /** {@code -L}, {@code -D}, {@code -W}: the host connects out for the client. */
        LOCAL_PORTS,
        /** {@code -R}: the host listens for the client. */
        REMOTE_PORTS,
        /** {@code -A}. */
        AGENT
    }

    /**
     * The host's settings.
     *
     * @param all {@code redirect.all}: false turns every redirection off, as sshd's {@code DisableForwarding}
     */
    public record Host(boolean all, Files files, Ports ports, boolean agent) {
        /** sshd's defaults, but {@code -R} off: it opens listeners on a shared host. */
        public static final Host DEFAULTS = new Host(true, Files.ON, Ports.LOCAL, true);

        public Host {
            if (files == null || ports == null) {
                throw new IllegalArgumentException("redirect.files and redirect.ports must be set");
            }
        }
    }

    /**
     * What the logon's key or certificate allows; {@link #ANY} for a logon without a key (a password).
     *
     * @param ports no {@code no-port-forwarding}, {@code restrict} (or a certificate's {@code permit-port-forwarding})
     * @param agent no {@code no-agent-forwarding}, {@code restrict} (or a certificate's {@code permit-agent-forwarding})
     */
    public record Key(boolean ports, boolean agent) {
        public static final Key ANY = new Key(true, true);
    }

    public static final String NO_RIGHT = "no Virtual Channels right";

    /** Kind → why it is refused; a kind allowed is absent. */
    private final Map<Kind, String> refusals;

    private Redirections(Map<Kind, String> refusals) {
        this.refusals = refusals;
    }

    /** What a connection may redirect: {@code host} ∧ {@code virtualChannels} ∧ {@code key}. */
    public static Redirections of(Host host, boolean virtualChannels, Key key) {
        Map<Kind, String> refused = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            String why = !host.all() ? "redirect.all=off"
                    : !virtualChannels ? NO_RIGHT
                    : hostRefusal(host, k);
            if (why == null) {
                why = keyRefusal(key, k);
            }
            if (why != null) {
                refused.put(k, why);
            }
        }
        return new Redirections(refused);
    }

    private static String hostRefusal(Host host, Kind k) {
        return switch (k) {
            case FILES -> host.files() == Files.OFF ? "redirect.files=off" : null;
            case FILE_WRITES -> host.files() == Files.ON ? null : "redirect.files=" + settingName(host.files());
            case LOCAL_PORTS -> host.ports() == Ports.OFF ? "redirect.ports=off" : null;
            case REMOTE_PORTS -> host.ports() == Ports.ALL ? null : "redirect.ports=" + settingName(host.ports());
            case AGENT -> host.agent() ? null : "redirect.agent=off";
        };
    }

    private static String keyRefusal(Key key, Kind k) {
        return switch (k) {
            case FILES, FILE_WRITES -> null;
            case LOCAL_PORTS, REMOTE_PORTS -> key.ports() ? null : "the key does not permit port forwarding";
            case AGENT -> key.agent() ? null : "the key does not permit agent forwarding";
        };
    }

    public boolean allows(Kind k) {
        return !refusals.containsKey(k);
    }

    /** Why {@code k} is refused (e.g. {@code redirect.ports=off}, {@link #NO_RIGHT}), or null when it is not. */
    public String refusal(Kind k) {
        return refusals.get(k);
    }

    /** SFTP: {@code ON}, {@code READ_ONLY} ({@code sftp-server -R}) or {@code OFF} (no subsystem). */
    public Files files() {
        return !allows(Kind.FILES) ? Files.OFF : allows(Kind.FILE_WRITES) ? Files.ON : Files.READ_ONLY;
    }

    /** {@code -L}, {@code -D} and {@code -W}. */
    public boolean localPorts() {
        return allows(Kind.LOCAL_PORTS);
    }

    /** {@code -R}. */
    public boolean remotePorts() {
        return allows(Kind.REMOTE_PORTS);
    }

    /** {@code -A}. */
    public boolean agent() {
        return allows(Kind.AGENT);
    }

    @Override
    public String toString() {
        return "files=" + settingName(files()) + " local-ports=" + localPorts() + " remote-ports=" + remotePorts()
                + " agent=" + agent();
    }

    /** A {@link Files} or {@link Ports} as its setting writes it: {@code on}, {@code read-only}, {@code local}. */
    public static String settingName(Enum<?> mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The one of {@code values} that {@code text} names (case ignored); else an error listing the names. */
    public static <E extends Enum<E>> E parse(E[] values, String text) {
        StringBuilder names = new StringBuilder();
        for (E e : values) {
            String name = settingName(e);
            if (name.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
            names.append(names.length() == 0 ? "" : ", ").append(name);
        }
        throw new IllegalArgumentException("one of " + names);
    }
}
