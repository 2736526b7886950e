package termhost.api;

/**
 * The few kinds of failure a request can have. Each maps once to a Windows error code (the
 * {@code Error [n]:} line the commands print); every one of them exits with code 1, as the
 * Windows commands do.
 *
 * <p>{@link #windowsText()} is the text of the {@code Error [n]:} line for the category's code.
 */
public enum ErrorCategory {
    /** No such session, user or object. ERROR_CTX_WINSTATION_NOT_FOUND. */
    NOT_FOUND("not_found", 7022, MessageKey.ERROR_CODE_7022),
    /** The caller lacks the right. ERROR_ACCESS_DENIED. */
    ACCESS_DENIED("access_denied", 5, MessageKey.ERROR_CODE_5),
    /** Bad syntax or an argument out of range. ERROR_INVALID_PARAMETER. */
    INVALID_ARGUMENT("invalid_argument", 87, MessageKey.ERROR_CODE_87),
    /** The object is in a state that forbids the request (already logging off, ...). */
    CONFLICT("conflict", 7007, MessageKey.ERROR_CODE_7007),
    /** The server cannot be reached or cannot serve now. RPC_S_SERVER_UNAVAILABLE. */
    UNAVAILABLE("unavailable", 1722, MessageKey.ERROR_CODE_1722);

    private final String wireName;
    private final int windowsCode;
    private final MessageKey windowsText;

    ErrorCategory(String wireName, int windowsCode, MessageKey windowsText) {
        this.wireName = wireName;
        this.windowsCode = windowsCode;
        this.windowsText = windowsText;
    }

    public String wireName() {
        return wireName;
    }

    public int windowsCode() {
        return windowsCode;
    }

    /** The Windows wording of the code, e.g. {@code Access is denied.} for 5. */
    public MessageKey windowsText() {
        return windowsText;
    }

    public static ErrorCategory fromWireName(String name) {
        for (ErrorCategory c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown error category: " + name);
    }
}
