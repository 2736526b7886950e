package termhost.api.op;

import java.util.List;
import java.util.Map;
import termhost.api.LogonMode;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * @param mode the mode in force (after the change, if one was asked for)
 * @param hosts with {@code /query /server:FARM}: each host of the farm with its published mode; else empty
 */
public record LogonModeReply(LogonMode mode, List<HostMode> hosts) implements Reply {
    private static final String MODE = "mode";
    private static final String HOST = "host";
    private static final String STATE = "state";

    /**
     * One host of a farm as its directory shows it.
     *
     * @param state {@code up}, {@code lost} (missed its lease) or {@code stopped} (a clean stop)
     */
    public record HostMode(String host, LogonMode mode, String state) {
    }

    public LogonModeReply {
        hosts = List.copyOf(hosts);
    }

    /** One host's mode. */
    public LogonModeReply(LogonMode mode) {
        this(mode, List.of());
    }

    @Override
    public Message toMessage() {
        return Message.builder(Message.RESULT).put(MODE, mode.wireName()).rows(hosts.stream()
                .map(h -> Map.of(HOST, h.host(), MODE, h.mode().wireName(), STATE, h.state())).toList()).build();
    }

    public static LogonModeReply fromMessage(Message m) {
        return new LogonModeReply(LogonMode.fromWireName(Fields.text(m.fields(), MODE)), m.rows().stream()
                .map(r -> new HostMode(r.get(HOST), LogonMode.fromWireName(r.get(MODE)), r.get(STATE))).toList());
    }
}
