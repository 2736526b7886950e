package termhost.cli.text;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A {@code .properties} file's text, from which one entry at a time is read, as
 * {@link Properties} reads it, instead of the whole file being parsed at once.
 *
 * <p>Why: a command prints a few texts of the hundreds in its bundle, and its JVM has just started,
 * so all of this runs in the interpreter: {@code ResourceBundle.getBundle} (its URL connection to
 * the jar, then {@code Properties.load} of all of it) took 11-14 ms of a {@code logoff /?} that the
 * JVM starts in about 30. Finding a key in the text and parsing its entry alone takes well under
 * one. An entry's value is parsed by {@code Properties} itself, so escapes and continuation lines
 * mean what they always did; what is done here is only finding where entries begin and end.
 */
final class PropertiesText {
    private final String text;

    PropertiesText(String text) {
        this.text = text;
    }

    /** The file at {@code resource} (an absolute name) beside {@code owner}, or null when there is none. */
    static PropertiesText resource(Class<?> owner, String resource) {
        try {
            byte[] bytes = fromOwnJar(owner, resource);
            if (bytes == null) {
                try (InputStream in = owner.getResourceAsStream(resource)) {
                    bytes = in == null ? null : in.readAllBytes();
                }
            }
            return bytes == null ? null : new PropertiesText(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /**
     * The resource read straight from the jar {@code owner} came from, or null when it came from
     * elsewhere: {@code getResourceAsStream} opens a {@code jar:} URL connection, whose classes and
     * set-up cost about 3 ms more at a command's start. The jar is opened anew, but the JDK shares
     * one open file among the handles of a jar.
     */
    private static byte[] fromOwnJar(Class<?> owner, String resource) throws IOException {
        CodeSource source = owner.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        File jar;
        try {
            jar = new File(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        if (!jar.isFile()) {
            return null; // a class folder (tests, an IDE)
        }
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry entry = zip.getEntry(resource.substring(1));
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    /** The value of {@code key} (a key as written, with no escapes in it), or null when it has none. */
    String get(String key) {
        for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
            int after = at + key.length();
            if ((after == text.length() || endsKey(text.charAt(after))) && beginsEntry(at)) {
                Properties entry = new Properties();
                try {
                    entry.load(new StringReader(text.substring(at, entryEnd(after))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a StringReader never fails
                }
                return entry.getProperty(key);
            }
        }
        return null;
    }

    /** True when the text at {@code at} is the first thing on a line that is no continuation. */
    private boolean beginsEntry(int at) {
        int start = at;
        while (start > 0 && isBlank(text.charAt(start - 1))) {
            start--;
        }
        return (start == 0 || isLineEnd(text.charAt(start - 1))) && !continued(start);
    }

    /**
     * True when the line beginning at {@code start} continues the one before it: that one ends in
     * an odd number of backslashes and is not a comment (whose backslashes continue nothing). Only
     * a line that begins a logical line can be a comment, which is why this looks further back.
     */
    private boolean continued(int start) {
        if (start == 0) {
            return false;
        }
        int end = start - 1; // the line end before start; \r\n is one
        if (end > 0 && text.charAt(end) == '\n' && text.charAt(end - 1) == '\r') {
            end--;
        }
        int previous = end;
        while (previous > 0 && !isLineEnd(text.charAt(previous - 1))) {
            previous--;
        }
        int backslashes = 0;
        while (end - backslashes > previous && text.charAt(end - backslashes - 1) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 0) {
            return false;
        }
        return continued(previous) || !isComment(previous, end);
    }

    private boolean isComment(int start, int end) {
        int i = start;
        while (i < end && isBlank(text.charAt(i))) {
            i++;
        }
        return i < end && (text.charAt(i) == '#' || text.charAt(i) == '!');
    }

    /** Where the logical line holding {@code from} ends: after its last continued physical line. */
    private int entryEnd(int from) {
        int i = from;
        while (true) {
            while (i < text.length() && !isLineEnd(text.charAt(i))) {
                i++;
            }
            int backslashes = 0;
            while (text.charAt(i - backslashes - 1) == '\\') {
                backslashes++;
            }
            if (i == text.length() || backslashes % 2 == 0) {
                return i;
            }
            i += text.startsWith("\r\n", i) ? 2 : 1;
        }
    }

    private static boolean endsKey(char c) {
        return c == '=' || c == ':' || isBlank(c) || isLineEnd(c);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r';
    }
}
