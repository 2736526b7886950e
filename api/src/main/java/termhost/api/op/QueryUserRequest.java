package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code query user [filter]}: who is logged on, in the sessions the caller may see.
 *
 * @param filter a user name, session name or ID as typed, or null for every session
 */
public record QueryUserRequest(String filter) implements Request<SessionListReply> {
    private static final String FILTER = "filter";

    @Override
    public Operation operation() {
        return Operation.QUERY_USER;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.QUERY_USER.wireName()).put(FILTER, filter).build();
    }

    public static QueryUserRequest fromMessage(Message m) {
        return new QueryUserRequest(m.field(FILTER));
    }

    @Override
    public SessionListReply replyFrom(Message result) {
        return SessionListReply.fromMessage(result);
    }
}
