package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code termhost rights}: show or change who may do what to others' sessions.
 *
 * @param principal the user, {@code @group} or {@code *} acted on, as typed; for
 *     {@link Action#EFFECTIVE} the user asked about (null: the caller)
 * @param rights the rights as typed (e.g. {@code FullControl}, {@code Logoff,Message}), or null
 */
public record RightsRequest(Action action, String principal, String rights) implements Request<RightsReply> {
    private static final String ACTION = "action";
    private static final String PRINCIPAL = "principal";
    private static final String RIGHTS = "rights";

    /** What is asked; sent by name. */
    public enum Action {
        /** The entries. */
        LIST("list"),
        /** One user's effective rights over others' sessions. */
        EFFECTIVE("effective"),
        GRANT("grant"),
        DENY("deny"),
        REVOKE("revoke"),
        /** Back to the defaults. */
        RESET("reset");

        private final String wireName;

        Action(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Action fromWireName(String name) {
            for (Action a : values()) {
                if (a.wireName.equals(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown rights action: " + name);
        }
    }

    public RightsRequest {
        java.util.Objects.requireNonNull(action, "action");
    }

    @Override
    public Operation operation() {
        return Operation.RIGHTS;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.RIGHTS.wireName()).put(ACTION, action.wireName()).put(PRINCIPAL, principal)
                .put(RIGHTS, rights).build();
    }

    public static RightsRequest fromMessage(Message m) {
        return new RightsRequest(Action.fromWireName(m.field(ACTION, Action.LIST.wireName())), m.field(PRINCIPAL),
                m.field(RIGHTS));
    }

    @Override
    public RightsReply replyFrom(Message result) {
        return RightsReply.fromMessage(result);
    }
}
