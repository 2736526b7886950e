package termhost.api.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Message;

/** What became of a {@code msg} in each session it went to, in the order of the recipients. */
public record MessageReply(List<Delivery> deliveries) implements Reply {
    public MessageReply {
        deliveries = List.copyOf(deliveries);
    }

    @Override
    public Message toMessage() {
        List<Map<String, String>> rows = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            rows.add(d.toRow());
        }
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    public static MessageReply fromMessage(Message m) {
        List<Delivery> deliveries = new ArrayList<>(m.rows().size());
        for (Map<String, String> r : m.rows()) {
            deliveries.add(Delivery.fromRow(r));
        }
        return new MessageReply(deliveries);
    }
}
