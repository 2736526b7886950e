package termhost.api.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/**
 * The {@code error} that ends a request: a {@link TermhostException} on the wire, both ways.
 *
 * @param detail the English sentence for logs, never what a command prints when it knows the key
 */
public record ErrorReply(ErrorCategory category, MessageKey key, String detail, List<String> args) {
    private static final String CATEGORY = "category";
    private static final String KEY = "key";
    private static final String DETAIL = "detail";
    private static final String ARG = "arg";

    public ErrorReply {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(key, "key");
        detail = detail == null ? "" : detail;
        args = List.copyOf(args);
    }

    public static ErrorReply of(TermhostException e) {
        return new ErrorReply(e.category(), e.messageKey(), e.getMessage(), Arrays.asList(e.messageArgs()));
    }

    public TermhostException toException() {
        return new TermhostException(category, key, detail, args.toArray(new String[0]));
    }

    public Message toMessage() {
        Message.Builder b = Message.builder(Message.ERROR).put(CATEGORY, category.wireName()).put(KEY, key.key())
                .put(DETAIL, detail);
        Fields.putNumbered(b, ARG, args);
        return b.build();
    }

    /**
     * Never fails: an error is shown whatever it holds. An unknown category (a daemon of another
     * version) counts as unavailable; an unknown key shows the English detail as an internal error.
     */
    public static ErrorReply fromMessage(Message m) {
        ErrorCategory category;
        try {
            category = ErrorCategory.fromWireName(m.field(CATEGORY, ""));
        } catch (IllegalArgumentException e) {
            category = ErrorCategory.UNAVAILABLE;
        }
        String detail = m.field(DETAIL, "");
        try {
            return new ErrorReply(category, MessageKey.fromKey(m.field(KEY, "")), detail,
                    Fields.numbered(m.fields(), ARG));
        } catch (IllegalArgumentException e) {
            return of(TermhostException.internal(detail));
        }
    }
}
