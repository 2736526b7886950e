package termhost.api.op;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * The sessions {@code query session} and {@code query user} list.
 *
 * @param now the daemon's clock when it listed them, which idle times are counted to
 */
public record SessionListReply(Instant now, List<SessionRow> sessions) implements Reply {
    private static final String NOW = "now";

    public SessionListReply {
        sessions = List.copyOf(sessions);
    }

    @Override
    public Message toMessage() {
        List<Map<String, String>> rows = new ArrayList<>(sessions.size());
        for (SessionRow s : sessions) {
            rows.add(s.toRow());
        }
        return Message.builder(Message.RESULT).put(NOW, Fields.millis(now)).rows(rows).build();
    }

    public static SessionListReply fromMessage(Message m) {
        List<SessionRow> sessions = new ArrayList<>(m.rows().size());
        for (Map<String, String> r : m.rows()) {
            sessions.add(SessionRow.fromRow(r));
        }
        return new SessionListReply(Instant.ofEpochMilli(Fields.number(m.fields(), NOW)), sessions);
    }
}
