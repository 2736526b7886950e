package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code query session [filter]}: the services, console and listener rows around the sessions the
 * caller may see.
 *
 * @param filter a session name, user name or ID as typed, or null for every row
 * @param server the farm named by {@code /server:}, whose every host's sessions are listed from its
 *     directory; null for this host's own listing
 */
public record QuerySessionRequest(String filter, String server) implements Request<SessionListReply> {
    private static final String FILTER = "filter";
    private static final String SERVER = "server";

    /** This host's own listing. */
    public QuerySessionRequest(String filter) {
        this(filter, null);
    }

    @Override
    public Operation operation() {
        return Operation.QUERY_SESSION;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.QUERY_SESSION.wireName()).put(FILTER, filter).put(SERVER, server).build();
    }

    public static QuerySessionRequest fromMessage(Message m) {
        return new QuerySessionRequest(m.field(FILTER), m.field(SERVER));
    }

    @Override
    public SessionListReply replyFrom(Message result) {
        return SessionListReply.fromMessage(result);
    }
}
