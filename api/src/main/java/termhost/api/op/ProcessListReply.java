package termhost.api.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Message;

/** The processes {@code query process} lists. */
public record ProcessListReply(List<ProcessRow> processes) implements Reply {
    public ProcessListReply {
        processes = List.copyOf(processes);
    }

    @Override
    public Message toMessage() {
        List<Map<String, String>> rows = new ArrayList<>(processes.size());
        for (ProcessRow p : processes) {
            rows.add(p.toRow());
        }
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    public static ProcessListReply fromMessage(Message m) {
        List<ProcessRow> processes = new ArrayList<>(m.rows().size());
        for (Map<String, String> r : m.rows()) {
            processes.add(ProcessRow.fromRow(r));
        }
        return new ProcessListReply(processes);
    }
}
