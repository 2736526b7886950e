package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code reset session}: ends a session at once, without logoff's grace period. The parameters
 * are {@link LogoffRequest}'s.
 */
public record ResetRequest(String session, String state) implements Request<LogoffReply> {
    private static final String SESSION = "session";
    private static final String STATE = "state";

    @Override
    public Operation operation() {
        return Operation.RESET;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.RESET.wireName()).put(SESSION, session).put(STATE, state).build();
    }

    public static ResetRequest fromMessage(Message m) {
        return new ResetRequest(m.field(SESSION), m.field(STATE));
    }

    @Override
    public LogoffReply replyFrom(Message result) {
        return LogoffReply.fromMessage(result);
    }
}
