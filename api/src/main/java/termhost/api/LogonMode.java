package termhost.api;

/**
 * Which logons a host takes, as {@code change logon} sets and shows it. Sent and stored by name,
 * never by ordinal; {@code DRAIN_UNTIL_RESTART} is never stored, so a restart ends it.
 */
public enum LogonMode {
    /** Everyone with the Logon right may log on and reconnect. */
    ENABLED("enabled", "enable"),
    /** No new logon and no reconnection (sessions already connected go on). */
    DISABLED("disabled", "disable"),
    /** No new session; reconnections to existing ones are allowed. */
    DRAIN("drain", "drain"),
    /** As DRAIN, until the daemon restarts. */
    DRAIN_UNTIL_RESTART("drain-until-restart", "drainuntilrestart");

    private final String wireName;
    private final String switchName;

    LogonMode(String wireName, String switchName) {
        this.wireName = wireName;
        this.switchName = switchName;
    }

    /** The {@code change logon} switch that sets it ({@code drainuntilrestart}): how a farm's directory stores it. */
    public String switchName() {
        return switchName;
    }

    public static LogonMode fromSwitchName(String name) {
        for (LogonMode m : values()) {
            if (m.switchName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown logon mode switch: " + name);
    }

    public String wireName() {
        return wireName;
    }

    public boolean allowsNewSessions() {
        return this == ENABLED;
    }

    public boolean allowsReconnect() {
        return this != DISABLED;
    }

    /** What a logon this mode refuses is told. */
    public MessageKey refusalKey() {
        return switch (this) {
            case ENABLED -> throw new IllegalStateException("logons are enabled: nothing is refused");
            case DISABLED -> MessageKey.LOGON_ERROR_DISABLED;
            case DRAIN -> MessageKey.LOGON_ERROR_DRAIN;
            case DRAIN_UNTIL_RESTART -> MessageKey.LOGON_ERROR_DRAIN_UNTIL_RESTART;
        };
    }

    public static LogonMode fromWireName(String name) {
        for (LogonMode m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown logon mode: " + name);
    }
}
