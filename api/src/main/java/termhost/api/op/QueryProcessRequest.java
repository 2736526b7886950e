package termhost.api.op;

import termhost.api.wire.Fields;
import termhost.api.wire.Message;

/**
 * {@code query process [filter] [/id:N]}.
 *
 * @param filter {@code *}, a process ID, user name, session name or program name as typed; null
 *     for the caller's own processes
 * @param sessionId {@code /id:N}: the processes of session N only, or null
 */
public record QueryProcessRequest(String filter, Integer sessionId) implements Request<ProcessListReply> {
    private static final String FILTER = "filter";
    private static final String ID = "id";

    @Override
    public Operation operation() {
        return Operation.QUERY_PROCESS;
    }

    @Override
    public Message toMessage() {
        return Message.builder(Operation.QUERY_PROCESS.wireName()).put(FILTER, filter).put(ID, sessionId).build();
    }

    public static QueryProcessRequest fromMessage(Message m) {
        return new QueryProcessRequest(m.field(FILTER), Fields.optionalInteger(m.fields(), ID));
    }

    @Override
    public ProcessListReply replyFrom(Message result) {
        return ProcessListReply.fromMessage(result);
    }
}
