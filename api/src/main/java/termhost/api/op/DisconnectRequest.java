package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code tsdiscon [session]}: ends a session's connections; its processes keep running.
 *
 * @param session a session ID or name as typed, or null for the caller's own
 */
public record DisconnectRequest(String session) implements Request<DisconnectReply> {
    private static final String SESSION = "session";

    @Override
    public Operation operation() {
        return Operation.DISCONNECT;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.DISCONNECT.wireName()).put(SESSION, session).build();
    }

    public static DisconnectRequest fromMessage(Message m) {
        return new DisconnectRequest(m.field(SESSION));
    }

    @Override
    public DisconnectReply replyFrom(Message result) {
        return DisconnectReply.fromMessage(result);
    }
}
