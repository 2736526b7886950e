package termhost.api.op;

import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * {@code tscon session [/dest:S] [/password:P]}: moves a connection to another session.
 *
 * @param session the session to connect to, an ID or name as typed
 * @param dest whose connection moves (an ID or name as typed), or null for the caller's own
 * @param passwordGiven whether {@code /password} was given; its value is never sent
 */
public record ConnectRequest(String session, String dest, boolean passwordGiven) implements Request<ConnectReply> {
    private static final String SESSION = "session";
    private static final String DEST = "dest";
    private static final String PASSWORD = "password";
    private static final String GIVEN = "given";

    @Override
    public Operation operation() {
        return Operation.CONNECT;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.CONNECT.wireName()).put(SESSION, session).put(DEST, dest)
                .put(PASSWORD, passwordGiven ? GIVEN : null).build();
    }

    public static ConnectRequest fromMessage(Message m) {
        return new ConnectRequest(m.field(SESSION), m.field(DEST), m.field(PASSWORD) != null);
    }

    @Override
    public ConnectReply replyFrom(Message result) {
        return ConnectReply.fromMessage(result);
    }
}
