package termhost.api.op;

import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * @param id the session now connected
 * @param from the session the connection came from, now disconnected
 */
public record ConnectReply(int id, int from) implements Reply {
    private static final String ID = "id";
    private static final String FROM = "from";

    @Override
    public Message toMessage() {
        return Message.builder(Message.RESULT).put(ID, id).put(FROM, from).build();
    }

    public static ConnectReply fromMessage(Message m) {
        return new ConnectReply(Fields.integer(m.fields(), ID), Fields.integer(m.fields(), FROM));
    }
}
