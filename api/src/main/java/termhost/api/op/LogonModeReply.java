package termhost.api.op;

import termhost.api.LogonMode;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/** @param mode the mode in force (after the change, if one was asked for) */
public record LogonModeReply(LogonMode mode) implements Reply {
    private static final String MODE = "mode";

    @Override
    public Message toMessage() {
        return Message.builder(Message.RESULT).put(MODE, mode.wireName()).build();
    }

    public static LogonModeReply fromMessage(Message m) {
        return new LogonModeReply(LogonMode.fromWireName(Fields.text(m.fields(), MODE)));
    }
}
