package termhost.api.op;

import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/** What a logoff or reset did: to one session, or to every session it was asked for ({@code *}). */
public sealed interface LogoffReply extends Reply permits LogoffReply.Single, LogoffReply.Mass {
    static LogoffReply fromMessage(Message m) {
        return Mass.describes(m) ? Mass.fromMessage(m) : Single.fromMessage(m);
    }

    /**
     * One session, logged off.
     *
     * @param alreadyGone another request was logging it off; this one waited for it (nothing more
     *     is known then: processes, signals and time are 0 and empty)
     * @param signals what it took, e.g. {@code HUP+TERM} or {@code HUP+TERM+KILL}
     */
    record Single(int id, String owner, boolean alreadyGone, int processes, String signals, long tookMillis)
            implements LogoffReply {
        private static final String ID = "id";
        private static final String OWNER = "owner";
        private static final String ALREADY = "already";
        private static final String PROCESSES = "processes";
        private static final String SIGNALS = "signals";
        private static final String TOOK_MS = "took_ms";

        public static Single alreadyGone(int id, String owner) {
            return new Single(id, owner, true, 0, "", 0);
        }

        @Override
        public Message toMessage() {
            Message.Builder b = Message.builder(Message.RESULT).put(ID, id).put(OWNER, owner);
            if (alreadyGone) {
                return b.put(ALREADY, true).build();
            }
            return b.put(PROCESSES, processes).put(SIGNALS, signals).put(TOOK_MS, tookMillis).build();
        }

        static Single fromMessage(Message m) {
            if (Fields.flag(m.fields(), ALREADY)) {
                return alreadyGone(Fields.integer(m.fields(), ID), Fields.text(m.fields(), OWNER));
            }
            return new Single(Fields.integer(m.fields(), ID), Fields.text(m.fields(), OWNER), false,
                    Fields.integer(m.fields(), PROCESSES), Fields.text(m.fields(), SIGNALS),
                    Fields.number(m.fields(), TOOK_MS));
        }
    }

    /** {@code logoff *}: how many sessions were logged off. */
    record Mass(int count) implements LogoffReply {
        private static final String COUNT = "count";

        @Override
        public Message toMessage() {
            return Message.builder(Message.RESULT).put(COUNT, count).build();
        }

        static boolean describes(Message m) {
            return m.field(COUNT) != null;
        }

        static Mass fromMessage(Message m) {
            return new Mass(Fields.integer(m.fields(), COUNT));
        }
    }
}
