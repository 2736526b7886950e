package termhost.api.op;

import termhost.api.LogonMode;
import termhost.api.wire.Message;

/**
 * {@code change logon}.
 *
 * @param set the mode to set, or null to ask which is in force ({@code /query})
 * @param server {@code /server:} as typed when it may name this host's farm or a host of it; null: this host
 */
public record LogonModeRequest(LogonMode set, String server) implements Request<LogonModeReply> {
    private static final String MODE = "mode";
    public static final String SERVER = "server";

    /** On this host. */
    public LogonModeRequest(LogonMode set) {
        this(set, null);
    }

    @Override
    public Operation operation() {
        return Operation.LOGON_MODE;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.LOGON_MODE.wireName()).put(MODE, set == null ? null : set.wireName())
                .put(SERVER, server).build();
    }

    public static LogonModeRequest fromMessage(Message m) {
        String mode = m.field(MODE);
        return new LogonModeRequest(mode == null ? null : LogonMode.fromWireName(mode), m.field(SERVER));
    }

    @Override
    public LogonModeReply replyFrom(Message result) {
        return LogonModeReply.fromMessage(result);
    }
}
