package termhost.api.wire;

/** Names of the operations a command may ask of the daemon, and of their common fields. */
public final class Operations {
    public static final String QUERY_SESSION = "query-session";
    public static final String LOGOFF = "logoff";
    public static final String RESET = "reset";
    public static final String QUERY_USER = "query-user";
    public static final String QUERY_PROCESS = "query-process";
    public static final String DISCONNECT = "disconnect";
    public static final String CONNECT = "connect";
    public static final String MESSAGE = "message";
    public static final String LOGON_MODE = "logon-mode";
    public static final String AUDIT = "audit";
    public static final String CONFIG = "config";
    public static final String RIGHTS = "rights";

    /** The client's locale, so the daemon can word events; never used for identity. */
    public static final String F_LANG = "lang";
    public static final String F_SESSION = "session";
    public static final String F_ERROR_CATEGORY = "category";
    public static final String F_ERROR_KEY = "key";
    public static final String F_ERROR_DETAIL = "detail";
    /** Prefix of the message arguments of an error: arg0, arg1, ... */
    public static final String F_ERROR_ARG = "arg";

    private Operations() {
    }
}
