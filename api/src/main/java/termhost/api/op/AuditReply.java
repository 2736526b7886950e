package termhost.api.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Message;

/** The newest audit records, oldest first. */
public record AuditReply(List<AuditRecord> records) implements Reply {
    public AuditReply {
        records = List.copyOf(records);
    }

    @Override
    public Message toMessage() {
        List<Map<String, String>> rows = new ArrayList<>(records.size());
        for (AuditRecord r : records) {
            rows.add(r.toRow());
        }
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    public static AuditReply fromMessage(Message m) {
        List<AuditRecord> records = new ArrayList<>(m.rows().size());
        for (Map<String, String> r : m.rows()) {
            records.add(AuditRecord.fromRow(r));
        }
        return new AuditReply(records);
    }
}
