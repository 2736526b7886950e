package termhost.api;

/**
 * Which logons a host takes, as {@code change logon} sets and shows it. Sent by name, never by
 * ordinal. (The daemon keeps its own copy with the store's names in {@code policy.LogonMode}; the
 * two are mapped by an exhaustive switch, so neither can gain a mode the other lacks.)
 */
public enum LogonMode {
    /** Everyone with the Logon right may log on and reconnect. */
    ENABLED("enabled"),
    /** No new logon and no reconnection (sessions already connected go on). */
    DISABLED("disabled"),
    /** No new session; reconnections to existing ones are allowed. */
    DRAIN("drain"),
    /** As DRAIN, until the daemon restarts. */
    DRAIN_UNTIL_RESTART("drain-until-restart");

    private final String wireName;

    LogonMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
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
