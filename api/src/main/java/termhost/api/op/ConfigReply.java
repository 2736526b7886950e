package termhost.api.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/** The settings in force, in the order {@code termhost config} prints them. */
public record ConfigReply(List<Setting> settings) implements Reply {
    /** @param source where the value came from: {@code default}, the config file, the command line, ... */
    public record Setting(String key, String value, String source) {
        private static final String KEY = "key";
        private static final String VALUE = "value";
        private static final String SOURCE = "source";

        Map<String, String> toRow() {
            Map<String, String> r = new LinkedHashMap<>();
            r.put(KEY, key);
            r.put(VALUE, value);
            r.put(SOURCE, source);
            return r;
        }

        static Setting fromRow(Map<String, String> r) {
            return new Setting(Fields.text(r, KEY), Fields.text(r, VALUE), Fields.text(r, SOURCE));
        }
    }

    public ConfigReply {
        settings = List.copyOf(settings);
    }

    @Override
    public Message toMessage() {
        List<Map<String, String>> rows = new ArrayList<>(settings.size());
        for (Setting s : settings) {
            rows.add(s.toRow());
        }
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    public static ConfigReply fromMessage(Message m) {
        List<Setting> settings = new ArrayList<>(m.rows().size());
        for (Map<String, String> r : m.rows()) {
            settings.add(Setting.fromRow(r));
        }
        return new ConfigReply(settings);
    }
}
