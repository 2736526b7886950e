package termhost.daemon.control;

import termhost.api.wire.Message;
import termhost.api.wire.Operations;

/** The error messages the control socket itself produces, before or around a handler. */
final class ErrorReplies {
    static final String UNAVAILABLE = "unavailable";
    static final String INVALID_ARGUMENT = "invalid_argument";

    private ErrorReplies() {
    }

    static Message busy() {
        return error(UNAVAILABLE, "error.busy", "control socket busy");
    }

    static Message malformed(String detail) {
        return error(INVALID_ARGUMENT, "error.malformed_request", detail);
    }

    static Message internal(String detail) {
        return error(UNAVAILABLE, "error.internal", detail);
    }

    private static Message error(String category, String key, String detail) {
        return Message.builder(Message.ERROR)
                .put(Operations.F_ERROR_CATEGORY, category)
                .put(Operations.F_ERROR_KEY, key)
                .put(Operations.F_ERROR_DETAIL, detail)
                .build();
    }
}
