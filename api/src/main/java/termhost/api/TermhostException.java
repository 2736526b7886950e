package termhost.api;

import java.util.Objects;

/**
 * A failure with a category and a message that names the subject, its id, its state and a hint,
 * e.g. {@code session 3 (bob): cannot log off: already logging off}.
 *
 * <p>{@code messageKey} names the localized text the commands print (one of the closed set of
 * {@link MessageKey}); {@code detail} is the English sentence for logs and the audit trail.
 */
public class TermhostException extends RuntimeException {
    private final ErrorCategory category;
    private final MessageKey messageKey;
    private final String[] messageArgs;

    public TermhostException(ErrorCategory category, MessageKey messageKey, String detail, String... messageArgs) {
        super(detail);
        this.category = Objects.requireNonNull(category, "category");
        this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
        this.messageArgs = messageArgs.clone();
    }

    /**
     * A failure of the service itself, not of the request: its text ("Internal error in the
     * termhost service: {0}") shows the detail, so it must be the message's argument too.
     */
    public static TermhostException internal(String detail) {
        return new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_INTERNAL, detail, detail);
    }

    public ErrorCategory category() {
        return category;
    }

    public MessageKey messageKey() {
        return messageKey;
    }

    public String[] messageArgs() {
        return messageArgs.clone();
    }
}
