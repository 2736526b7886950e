package termhost.api.op;

import termhost.api.wire.Message;

/**
 * A request of the control protocol, answered by progress events, then a result of type
 * {@code R} or an error. Each implementation is a record that encodes itself (its field names
 * appear in it alone) and is listed in {@link Operation}.
 */
public interface Request<R extends Reply> {
    Operation operation();

    /** The request as a frame: the operation's wire name as its type, and the fields. */
    Message toMessage();

    /**
     * Reads this request's result.
     *
     * @throws IllegalArgumentException when {@code result} is not one
     */
    R replyFrom(Message result);
}
