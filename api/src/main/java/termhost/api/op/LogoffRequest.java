package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code logoff [session] [/state:S]}: ends a session, gracefully.
 *
 * @param session a session ID or name as typed, {@code *} for every session the caller may log
 *     off, or null for the caller's own
 * @param state with {@code *}: {@code disc} or {@code active} as typed, or null for both
 */
public record LogoffRequest(String session, String state) implements Request<LogoffReply> {
    private static final String SESSION = "session";
    private static final String STATE = "state";

    @Override
    public Operation operation() {
        return Operation.LOGOFF;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.LOGOFF.wireName()).put(SESSION, session).put(STATE, state).build();
    }

    public static LogoffRequest fromMessage(Message m) {
        return new LogoffRequest(m.field(SESSION), m.field(STATE));
    }

    @Override
    public LogoffReply replyFrom(Message result) {
        return LogoffReply.fromMessage(result);
    }
}
