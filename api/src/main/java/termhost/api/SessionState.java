package termhost.api;

/**
 * The state of a session as {@code query session} shows it.
 *
 * <p>State is derived from facts (is the session being logged off? does it have an attached
 * connection?) and never stored as an ordinal: {@link #wireName()} is what goes into the store
 * and onto the wire. The Windows spellings shown to people ({@code Disc}, {@code Listen}) are
 * mapped once, in the output layer of the commands.
 */
public enum SessionState {
    /** A connection is attached. */
    ACTIVE("active"),
    /** No connection is attached; the processes keep running. */
    DISCONNECTED("disconnected"),
    /** A listener row (the SSH port); never a real session. */
    LISTEN("listen"),
    /** The console seat with nobody logged on (Windows: {@code Conn}). */
    CONNECTED("connected"),
    /** Being logged off: transient, until the last process is gone. */
    DOWN("down");

    private final String wireName;

    SessionState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SessionState fromWireName(String name) {
        for (SessionState s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown session state: " + name);
    }
}
