package termhost.api;

/** How a session was made: an interactive shell under tmux, or one exec request on pipes. */
public enum SessionKind {
    INTERACTIVE("interactive"),
    EXEC("exec");

    private final String wireName;

    SessionKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SessionKind fromWireName(String name) {
        for (SessionKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown session kind: " + name);
    }
}
