package termhost.api.op;

import termhost.api.wire.Message;

/**
 * {@code termhost audit [/limit:N]}.
 *
 * @param limit {@code /limit:} as typed (the daemon checks it), or null for the default
 */
public record AuditRequest(String limit) implements Request<AuditReply> {
    private static final String LIMIT = "limit";

    @Override
    public Operation operation() {
        return Operation.AUDIT;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.AUDIT.wireName()).put(LIMIT, limit).build();
    }

    public static AuditRequest fromMessage(Message m) {
        return new AuditRequest(m.field(LIMIT));
    }

    @Override
    public AuditReply replyFrom(Message result) {
        return AuditReply.fromMessage(result);
    }
}
