package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code query session [filter]}: the services, console and listener rows around the sessions the
 * caller may see.
 *
 * @param filter a session name, user name or ID as typed, or null for every row
 */
public record QuerySessionRequest(String filter) implements Request<SessionListReply> {
    private static final String FILTER = "filter";

    @Override
    public Operation operation() {
        return Operation.QUERY_SESSION;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.QUERY_SESSION.wireName()).put(FILTER, filter).build();
    }

    public static QuerySessionRequest fromMessage(Message m) {
        return new QuerySessionRequest(m.field(FILTER));
    }

    @Override
    public SessionListReply replyFrom(Message result) {
        return SessionListReply.fromMessage(result);
    }
}
