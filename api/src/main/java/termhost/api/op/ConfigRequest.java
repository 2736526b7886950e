package termhost.api.op;

import termhost.api.wire.Message;

/** {@code termhost config}: every setting in force and where it came from. */
public record ConfigRequest() implements Request<ConfigReply> {
    @Override
    public Operation operation() {
        return Operation.CONFIG;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.CONFIG.wireName()).build();
    }

    public static ConfigRequest fromMessage(Message m) {
        return new ConfigRequest();
    }

    @Override
    public ConfigReply replyFrom(Message result) {
        return ConfigReply.fromMessage(result);
    }
}
