package termhost.api.op;

import termhost.api.LogonMode;
import termhost.api.wire.Message;

/**
 * {@code change logon}.
 *
 * @param set the mode to set, or null to ask which is in force ({@code /query})
 */
public record LogonModeRequest(LogonMode set) implements Request<LogonModeReply> {
    private static final String MODE = "mode";

    @Override
    public Operation operation() {
        return Operation.LOGON_MODE;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.LOGON_MODE.wireName()).put(MODE, set == null ? null : set.wireName())
                .build();
    }

    public static LogonModeRequest fromMessage(Message m) {
        String mode = m.field(MODE);
        return new LogonModeRequest(mode == null ? null : LogonMode.fromWireName(mode));
    }

    @Override
    public LogonModeReply replyFrom(Message result) {
        return LogonModeReply.fromMessage(result);
    }
}
