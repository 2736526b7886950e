package termhost.api.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/** The answer to {@code termhost rights}: one user's effective rights, or the entries. */
public sealed interface RightsReply extends Reply permits RightsReply.Effective, RightsReply.Entries {
    static RightsReply fromMessage(Message m) {
        return Effective.describes(m) ? Effective.fromMessage(m) : Entries.fromMessage(m);
    }

    /**
     * @param rights their rights over others' sessions, e.g. {@code UserAccess}
     * @param groups their groups, comma-separated
     */
    record Effective(String user, String rights, String groups) implements RightsReply {
        private static final String USER = "user";
        private static final String RIGHTS = "rights";
        private static final String GROUPS = "groups";

        @Override
        public Message toMessage() {
            return Message.builder(Message.RESULT).put(USER, user).put(RIGHTS, rights).put(GROUPS, groups).build();
        }

        static boolean describes(Message m) {
            return m.field(USER) != null;
        }

        static Effective fromMessage(Message m) {
            return new Effective(Fields.text(m.fields(), USER), Fields.text(m.fields(), RIGHTS),
                    Fields.text(m.fields(), GROUPS));
        }
    }

    /** The entries, in the order the store keeps them. */
    record Entries(List<Entry> entries) implements RightsReply {
        public Entries {
            entries = List.copyOf(entries);
        }

        @Override
        public Message toMessage() {
            List<Map<String, String>> rows = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                rows.add(e.toRow());
            }
            return Message.builder(Message.RESULT).rows(rows).build();
        }

        static Entries fromMessage(Message m) {
            List<Entry> entries = new ArrayList<>(m.rows().size());
            for (Map<String, String> r : m.rows()) {
                entries.add(Entry.fromRow(r));
            }
            return new Entries(entries);
        }
    }

    /**
     * @param principal a user, {@code @group} or {@code *}
     * @param effect {@code grant} or {@code deny}
     */
    record Entry(String principal, String effect, String rights) {
        private static final String PRINCIPAL = "principal";
        private static final String EFFECT = "effect";
        private static final String RIGHTS = "rights";

        Map<String, String> toRow() {
            Map<String, String> r = new LinkedHashMap<>();
            r.put(PRINCIPAL, principal);
            r.put(EFFECT, effect);
            r.put(RIGHTS, rights);
            return r;
        }

        static Entry fromRow(Map<String, String> r) {
            return new Entry(Fields.text(r, PRINCIPAL), Fields.text(r, EFFECT), Fields.text(r, RIGHTS));
        }
    }
}
