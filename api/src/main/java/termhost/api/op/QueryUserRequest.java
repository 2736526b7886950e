package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code query user [filter]}: who is logged on, in the sessions the caller may see.
 *
 * @param filter a user name, session name or ID as typed, or null for every session
 * @param server the farm named by {@code /server:}, whose every host's sessions are listed from its
 *     directory; null for this host's own listing
 */
public record QueryUserRequest(String filter, String server) implements Request<SessionListReply> {
    private static final String FILTER = "filter";
    private static final String SERVER = "server";

    /** This host's own listing. */
    public QueryUserRequest(String filter) {
        this(filter, null);
    }

    @Override
    public Operation operation() {
        return Operation.QUERY_USER;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.QUERY_USER.wireName()).put(FILTER, filter).put(SERVER, server).build();
    }

    public static QueryUserRequest fromMessage(Message m) {
        return new QueryUserRequest(m.field(FILTER), m.field(SERVER));
    }

    @Override
    public SessionListReply replyFrom(Message result) {
        return SessionListReply.fromMessage(result);
    }
}
