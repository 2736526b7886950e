package termhost.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import termhost.daemon.policy.Redirections;
import termhost.daemon.store.JdbcUrls;

/**
 * How a setting's value is written: how text becomes a value, how the value is shown again by
 * {@code termhost config}, and what an error says. A refused value is named with its key and an
 * example of a valid one, so the fix is in the message.
 *
 * @param what the kind of value, as the error says it ("a duration")
 * @param examples valid values, for the error
 * @param parser text to value; throws {@link IllegalArgumentException} when the text is not one
 * @param formatter value to the text {@code termhost config} prints
 */
public record Syntax<T>(String what, String examples, Function<String, T> parser, Function<T, String> formatter) {
    /** {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 8h}, or bare milliseconds; shown in ms. */
    public static final Syntax<Duration> DURATION = new Syntax<>("a duration", "500ms, 3s, 2m, 8h, 30d; 0 for none",
            Syntax::duration, d -> d.toMillis() + "ms");
    /** {@code 512M}, {@code 2G}, {@code 64K} or bytes; shown in bytes. */
    public static final Syntax<Long> SIZE = new Syntax<>("a size", "512M, 2G; 0 for none", Syntax::bytes,
            n -> Long.toString(n));
    public static final Syntax<Integer> WHOLE_NUMBER = new Syntax<>("a whole number", "2, 10", Integer::parseInt,
            n -> Integer.toString(n));
    public static final Syntax<Boolean> BOOLEAN = new Syntax<>("true or false", "true, yes, on, 1; false, no, off, 0",
            Syntax::bool, b -> Boolean.toString(b));
    /** Shown as {@code termhost config} always has: an IPv6 host without its brackets. */
    public static final Syntax<HostPort> HOST_PORT = new Syntax<>("HOST:PORT", "127.0.0.1:2222, [::1]:2222",
            HostPort::parse, a -> a.host() + ":" + a.port());
    /** OpenSSH's AuthenticationMethods: {@link AuthMethods}. */
    public static final Syntax<AuthMethods> AUTH_METHODS = new Syntax<>("authentication methods",
            "publickey; publickey password; publickey,keyboard-interactive", AuthMethods::parse, AuthMethods::toString);
    /** A file name under a folder such as {@code /etc/pam.d}: no path, nothing that leaves it. */
    public static final Syntax<String> FILE_NAME = new Syntax<>("a plain file name", "termhost, sshd",
            Syntax::fileName, java.util.function.Function.identity());
    public static final Syntax<MaxStartups> MAX_STARTUPS = new Syntax<>("start:rate:full or a number",
            "200:30:1000, 10:30:100, 50", MaxStartups::parse, MaxStartups::toString);
    /** {@code redirect.files}. */
    public static final Syntax<Redirections.Files> FILE_REDIRECTION = new Syntax<>("a file transfer mode",
            "read-only", t -> Redirections.parse(Redirections.Files.values(), t), Redirections::settingName);
    /** {@code redirect.ports}. */
    public static final Syntax<Redirections.Ports> PORT_REDIRECTION = new Syntax<>("a port forwarding mode",
            "local", t -> Redirections.parse(Redirections.Ports.values(), t), Redirections::settingName);
    /** {@code farm.on-lost-host}. */
    public static final Syntax<RelaySettings.OnLostHost> ON_LOST_HOST = new Syntax<>("new or refuse", "refuse",
            RelaySettings.OnLostHost::parse, RelaySettings.OnLostHost::settingName);
    public static final Syntax<String> TEXT = new Syntax<>("text", "any", Function.identity(), Function.identity());
    /** One file, named by its absolute path; empty for none. */
    public static final Syntax<Optional<Path>> FILE = new Syntax<>("an absolute path or nothing",
            "/etc/issue.net; empty for none", Syntax::file, p -> p.map(Path::toString).orElse(""));
    /** Files in order, absolute paths joined by {@code :} as in PATH; empty for none. */
    public static final Syntax<List<Path>> FILES = new Syntax<>("absolute paths joined by ':'",
            "/run/motd.dynamic:/etc/motd; empty for none", Syntax::files,
            l -> l.stream().map(Path::toString).collect(Collectors.joining(":")));

    /** A PostgreSQL JDBC URL, or nothing; shown with its password hidden. */
    public static final Syntax<Optional<String>> JDBC_URL = new Syntax<>("a PostgreSQL JDBC URL or nothing",
            "jdbc:postgresql://pg1:5432,pg2:5432/termhost?targetServerType=primary; empty for none", Syntax::jdbcUrl,
            u -> u.map(JdbcUrls::redacted).orElse(""));

    /** The value {@code text} stands for; an error naming {@code key}, the text and valid examples if none. */
    public T parse(String key, String text) {
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            // the JDK's own text ("For input string: ...") would only repeat the value
            throw invalid(key, text, "");
        } catch (IllegalArgumentException e) {
            throw invalid(key, text, e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    private IllegalArgumentException invalid(String key, String text, String why) {
        return new IllegalArgumentException(key + ": not " + what + ": '" + JdbcUrls.redacted(text) + "'" + why + " (e.g. " + examples
                + ")");
    }

    private static Duration duration(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(v));
    }

    private static long bytes(String v) {
        String t = v.trim().toUpperCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1L;
        };
        long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
        if (n < 0) {
            throw new NumberFormatException();
        }
        return n * unit;
    }

    private static Optional<Path> file(String v) {
        return v.isBlank() ? Optional.empty() : Optional.of(absolute(v.trim()));
    }

    private static List<Path> files(String v) {
        List<Path> l = new ArrayList<>();
        if (!v.isBlank()) {
            for (String p : v.trim().split(":", -1)) {
                l.add(absolute(p));
            }
        }
        return List.copyOf(l);
    }

    private static Path absolute(String p) {
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("'" + p + "' is not an absolute path");
        }
        return Path.of(p);
    }

    private static String fileName(String v) {
        if (!v.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static Optional<String> jdbcUrl(String v) {
        if (v.isBlank()) {
            return Optional.empty();
        }
        if (!v.trim().matches("jdbc:postgresql://[^/?]+/[^/?]+(\\?.*)?")) {
            // the refusal repeats the text, so never a password in it
            throw new IllegalArgumentException("expected jdbc:postgresql://HOST[:PORT][,HOST2[:PORT]]/DATABASE[?…]");
        }
        return Optional.of(v.trim());
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException();
        };
    }
}
