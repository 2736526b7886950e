package termhost.api.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message of the control protocol: a type, named fields and an optional table of rows.
 *
 * <p>Requests are {@code type = operation} (e.g. {@code query-session}); replies are
 * {@code event} (progress, zero or more), then exactly one {@code result} or {@code error}.
 *
 * <p>This is the untyped layer {@link WireCodec} writes as bytes. Code above it speaks in typed
 * records, each encoding itself to and from a message in one place: the requests and results of
 * {@code termhost.api.op}, {@link Progress} for events and {@link ErrorReply} for errors. Field
 * names appear nowhere else.
 */
public record Message(String type, Map<String, String> fields, List<Map<String, String>> rows) {
    public static final String EVENT = "event";
    public static final String RESULT = "result";
    public static final String ERROR = "error";

    public Message {
        Objects.requireNonNull(type, "type");
        fields = Map.copyOf(fields);
        // a loop, not a stream: the first lambda a command links costs it milliseconds (cli's pom)
        List<Map<String, String>> copied = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            copied.add(Map.copyOf(row));
        }
        rows = List.copyOf(copied);
    }

    public static Message of(String type, Map<String, String> fields) {
        return new Message(type, fields, List.of());
    }

    public String field(String name) {
        return fields.get(name);
    }

    public String field(String name, String fallback) {
        return fields.getOrDefault(name, fallback);
    }

    /** A small builder, because most messages are built field by field. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final String type;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private List<Map<String, String>> rows = List.of();

        private Builder(String type) {
            this.type = type;
        }

        public Builder put(String name, Object value) {
            if (value != null) {
                fields.put(name, String.valueOf(value));
            }
            return this;
        }

        public Builder rows(List<Map<String, String>> rows) {
            this.rows = rows;
            return this;
        }

        public Message build() {
            return new Message(type, fields, rows);
        }
    }
}
