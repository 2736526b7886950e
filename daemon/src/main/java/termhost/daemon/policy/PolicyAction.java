package termhost.daemon.policy;

/** What a limit asks for, for one session; {@code limit} names the limit, for the audit log. */
public record PolicyAction(int sessionId, Kind kind, String limit) {
    public enum Kind {
        /** Tell the user the limit comes in {@code warning} time. */
        WARN,
        DISCONNECT,
        LOG_OFF
    }
}
