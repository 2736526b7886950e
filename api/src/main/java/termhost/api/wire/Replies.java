package termhost.api.wire;

import java.util.ArrayList;
import java.util.List;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/** Conversion between {@link TermhostException} and {@code error} messages, both ways. */
public final class Replies {
    private Replies() {
    }

    public static Message error(TermhostException e) {
        Message.Builder b = Message.builder(Message.ERROR)
                .put(Operations.F_ERROR_CATEGORY, e.category().wireName())
                .put(Operations.F_ERROR_KEY, e.messageKey().key())
                .put(Operations.F_ERROR_DETAIL, e.getMessage());
        String[] args = e.messageArgs();
        for (int i = 0; i < args.length; i++) {
            b.put(Operations.F_ERROR_ARG + i, args[i]);
        }
        return b.build();
    }

    public static TermhostException toException(Message error) {
        ErrorCategory category;
        try {
            category = ErrorCategory.fromWireName(error.field(Operations.F_ERROR_CATEGORY, ""));
        } catch (IllegalArgumentException e) {
            category = ErrorCategory.UNAVAILABLE;
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; error.field(Operations.F_ERROR_ARG + i) != null; i++) {
            args.add(error.field(Operations.F_ERROR_ARG + i));
        }
        String detail = error.field(Operations.F_ERROR_DETAIL, "");
        MessageKey key;
        try {
            key = MessageKey.fromKey(error.field(Operations.F_ERROR_KEY, ""));
        } catch (IllegalArgumentException e) {
            // a daemon of another version: its sentence, in English, is all there is to show
            key = MessageKey.ERROR_INTERNAL;
            args = List.of(detail);
        }
        return new TermhostException(category, key, detail, args.toArray(String[]::new));
    }
}
