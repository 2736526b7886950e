package termhost.daemon.control;

import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;

/** The error messages the control socket itself produces, before or around a handler. */
final class ErrorReplies {
    static final String UNAVAILABLE = "unavailable";
    static final String INVALID_ARGUMENT = "invalid_argument";

    private ErrorReplies() {
    }

    static Message busy() {
        return error(UNAVAILABLE, MessageKey.ERROR_BUSY, "control socket busy");
    }

    static Message malformed(String detail) {
        return error(INVALID_ARGUMENT, MessageKey.ERROR_MALFORMED_REQUEST, detail);
    }

    static Message internal(String detail) {
        return error(UNAVAILABLE, MessageKey.ERROR_INTERNAL, detail);
    }

    private static Message error(String category, MessageKey key, String detail) {
        return Message.builder(Message.ERROR)
                .put(Operations.F_ERROR_CATEGORY, category)
                .put(Operations.F_ERROR_KEY, key.key())
                .put(Operations.F_ERROR_DETAIL, detail)
                .build();
    }
}
