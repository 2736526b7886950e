package termhost.api;

/**
 * The few kinds of failure a request can have. Each maps once to a Windows error code (the
 * {@code Error [n]:} line the commands print); every one of them exits with code 1, as the
 * Windows commands do.
 */
public enum ErrorCategory {
    /** No such session, user or object. ERROR_CTX_WINSTATION_NOT_FOUND. */
    NOT_FOUND("not_found", 7022),
    /** The caller lacks the right. ERROR_ACCESS_DENIED. */
    ACCESS_DENIED("access_denied", 5),
    /** Bad syntax or an argument out of range. ERROR_INVALID_PARAMETER. */
    INVALID_ARGUMENT("invalid_argument", 87),
    /** The object is in a state that forbids the request (already logging off, ...). */
    CONFLICT("conflict", 7007),
    /** The server cannot be reached or cannot serve now. RPC_S_SERVER_UNAVAILABLE. */
    UNAVAILABLE("unavailable", 1722);

    private final String wireName;
    private final int windowsCode;

    ErrorCategory(String wireName, int windowsCode) {
        this.wireName = wireName;
        this.windowsCode = windowsCode;
    }

    public String wireName() {
        return wireName;
    }

    public int windowsCode() {
        return windowsCode;
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
