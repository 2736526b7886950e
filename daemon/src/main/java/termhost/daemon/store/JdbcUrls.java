package termhost.daemon.store;

/** JDBC URLs as logs and messages may show them: a password parameter's value is never shown. */
public final class JdbcUrls {
    private JdbcUrls() {
    }

    /** {@code url} with the value of every {@code password} parameter (and any user-info password) replaced by {@code ***}. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@");
    }
}
