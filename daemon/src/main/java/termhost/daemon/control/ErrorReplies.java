package termhost.daemon.control;

import java.util.List;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;

/** The error messages the control socket itself produces, before or around a handler. */
final class ErrorReplies {
    private ErrorReplies() {
    }

    static Message busy() {
        return error(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_BUSY, "control socket busy");
    }

    static Message malformed(String detail) {
        return error(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_MALFORMED_REQUEST, detail);
    }

    static Message internal(String detail) {
        return ErrorReply.of(TermhostException.internal(detail)).toMessage();
    }

    private static Message error(ErrorCategory category, MessageKey key, String detail) {
        return new ErrorReply(category, key, detail, List.of()).toMessage();
    }
}
