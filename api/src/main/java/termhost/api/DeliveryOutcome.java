package termhost.api;

/** What became of a {@code msg} in one session. Sent by name, never by ordinal. */
public enum DeliveryOutcome {
    /** Shown; not waited for. */
    SHOWN("shown"),
    /** Shown, and the user acknowledged it. */
    ACKNOWLEDGED("acknowledged"),
    /** Shown until its time ran out; nobody acknowledged it. */
    TIMED_OUT("timed-out"),
    /** The session is disconnected: it is shown if the session reconnects in time. */
    QUEUED("queued"),
    /** It could not be shown. */
    FAILED("failed");

    private final String wireName;

    DeliveryOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeliveryOutcome fromWireName(String name) {
        for (DeliveryOutcome o : values()) {
            if (o.wireName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown delivery outcome: " + name);
    }
}
