package termhost.api.op;

import java.util.List;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * {@code msg recipients [/time:S] [/w] text}.
 *
 * @param recipients user names, session names or IDs as typed, or {@code *}
 * @param awaitAcknowledgement {@code /w}: answer once each recipient acknowledged it or its time ran
 *     out
 * @param time {@code /time:} as typed (seconds), or null for the default
 */
public record MessageRequest(List<String> recipients, String text, boolean awaitAcknowledgement, String time)
        implements Request<MessageReply> {
    private static final String TO = "to";
    private static final String TEXT = "text";
    private static final String WAIT = "wait";
    private static final String TIME = "time";

    public MessageRequest {
        recipients = List.copyOf(recipients);
    }

    @Override
    public Operation operation() {
        return Operation.MESSAGE;
    }

    @Override
    public Message toMessage() {
        Message.Builder b = Message.builder(Operation.MESSAGE.wireName()).put(TEXT, text)
                .put(WAIT, awaitAcknowledgement).put(TIME, time);
        Fields.putNumbered(b, TO, recipients);
        return b.build();
    }

    public static MessageRequest fromMessage(Message m) {
        return new MessageRequest(Fields.numbered(m.fields(), TO), m.field(TEXT, ""), Fields.flag(m.fields(), WAIT),
                m.field(TIME));
    }

    @Override
    public MessageReply replyFrom(Message result) {
        return MessageReply.fromMessage(result);
    }
}
