package termhost.api.op;

import termhost.api.wire.Message;

/** The result of a {@link Request}; a record that encodes itself as a {@code result} message. */
public interface Reply {
    Message toMessage();
}
