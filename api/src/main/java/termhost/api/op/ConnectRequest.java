package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code tscon session [/dest:S] [/password:P]}: moves a connection to another session.
 *
 * @param session the session to connect to, an ID or name as typed
 * @param dest whose connection moves (an ID or name as typed), or null for the caller's own
 * @param password {@code /password}'s value, the target session's owner's password, or null; it
 *        goes only over the local socket (or the caller's own SSH connection), never into a log:
 *        {@link #toString} hides it
 */
public record ConnectRequest(String session, String dest, String password) implements Request<ConnectReply> {
    private static final String SESSION = "session";
    private static final String DEST = "dest";
    private static final String PASSWORD = "password";

    @Override
    public Operation operation() {
        return Operation.CONNECT;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.CONNECT.wireName()).put(SESSION, session).put(DEST, dest)
                .put(PASSWORD, password).build();
    }

    public static ConnectRequest fromMessage(Message m) {
        return new ConnectRequest(m.field(SESSION), m.field(DEST), m.field(PASSWORD));
    }

    @Override
    public String toString() {
        return "ConnectRequest[session=" + session + ", dest=" + dest + ", password=" + (password == null ? null : "***")
                + "]";
    }

    @Override
    public ConnectReply replyFrom(Message result) {
        return ConnectReply.fromMessage(result);
    }
}
