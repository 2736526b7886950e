package termhost.api.op;

import termhost.api.wire.Message;

/**
 * Every operation a command may ask of the daemon: its name on the wire, its request type and its
 * result type. The daemon's dispatcher holds one route per constant, so an operation added here
 * and not handled (or not gated) is found by its tests, not by a caller.
 */
public enum Operation {
    QUERY_SESSION("query-session", QuerySessionRequest.class, SessionListReply.class),
    QUERY_USER("query-user", QueryUserRequest.class, SessionListReply.class),
    QUERY_PROCESS("query-process", QueryProcessRequest.class, ProcessListReply.class),
    LOGOFF("logoff", LogoffRequest.class, LogoffReply.class),
    RESET("reset", ResetRequest.class, LogoffReply.class),
    DISCONNECT("disconnect", DisconnectRequest.class, DisconnectReply.class),
    CONNECT("connect", ConnectRequest.class, ConnectReply.class),
    MESSAGE("message", MessageRequest.class, MessageReply.class),
    LOGON_MODE("logon-mode", LogonModeRequest.class, LogonModeReply.class),
    AUDIT("audit", AuditRequest.class, AuditReply.class),
    CONFIG("config", ConfigRequest.class, ConfigReply.class),
    RIGHTS("rights", RightsRequest.class, RightsReply.class);

    private final String wireName;
    private final Class<? extends Request<?>> requestType;
    private final Class<? extends Reply> replyType;

    Operation(String wireName, Class<? extends Request<?>> requestType, Class<? extends Reply> replyType) {
        this.wireName = wireName;
        this.requestType = requestType;
        this.replyType = replyType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends Request<?>> requestType() {
        return requestType;
    }

    public Class<? extends Reply> replyType() {
        return replyType;
    }

    /**
     * Reads a request of this operation (a plain switch, no reflection: the commands start fast).
     *
     * @throws IllegalArgumentException naming the field that is missing or does not parse
     */
    public Request<?> decodeRequest(Message m) {
        return switch (this) {
            case QUERY_SESSION -> QuerySessionRequest.fromMessage(m);
            case QUERY_USER -> QueryUserRequest.fromMessage(m);
            case QUERY_PROCESS -> QueryProcessRequest.fromMessage(m);
            case LOGOFF -> LogoffRequest.fromMessage(m);
            case RESET -> ResetRequest.fromMessage(m);
            case DISCONNECT -> DisconnectRequest.fromMessage(m);
            case CONNECT -> ConnectRequest.fromMessage(m);
            case MESSAGE -> MessageRequest.fromMessage(m);
            case LOGON_MODE -> LogonModeRequest.fromMessage(m);
            case AUDIT -> AuditRequest.fromMessage(m);
            case CONFIG -> ConfigRequest.fromMessage(m);
            case RIGHTS -> RightsRequest.fromMessage(m);
        };
    }

    public static Operation fromWireName(String name) {
        for (Operation o : values()) {
            if (o.wireName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operation: " + name);
    }
}
