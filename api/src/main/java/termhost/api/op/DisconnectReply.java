package termhost.api.op;

import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/** @param connections how many connections were ended (0 if it was disconnected already) */
public record DisconnectReply(int id, int connections) implements Reply {
    private static final String ID = "id";
    private static final String CONNECTIONS = "connections";

    @Override
    public Message toMessage() {
        return Message.builder(Message.RESULT).put(ID, id).put(CONNECTIONS, connections).build();
    }

    public static DisconnectReply fromMessage(Message m) {
        return new DisconnectReply(Fields.integer(m.fields(), ID), Fields.integer(m.fields(), CONNECTIONS));
    }
}
