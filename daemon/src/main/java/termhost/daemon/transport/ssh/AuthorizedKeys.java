package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import termhost.daemon.os.RegularFile;

/**
 * The lines of an authorized_keys file, each split as sshd splits it: options (if any) before the
 * key, up to the first blank outside double quotes. MINA's own reader keeps options only as a map,
 * which loses their order (sshd applies {@code restrict} then what follows it) and their quoting.
 */
final class AuthorizedKeys {
    /** One key line: {@code options} the raw text ("" when none), {@code entry} its key. */
    record Line(int number, String options, AuthorizedKeyEntry entry) {
    }

    private AuthorizedKeys() {
    }

    /** @throws RegularFile.NotRegular unless {@code file} is a regular file (as sshd: a FIFO would block) */
    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String raw : new String(RegularFile.read(file), StandardCharsets.UTF_8).split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Line parsed = parse(number, line);
            if (parsed != null) {
                lines.add(parsed);
            }
        }
        return lines;
    }

    /** The line split into options and key, or null when it holds no key we can read. */
    static Line parse(int number, String line) {
        String options = "";
        String key = line;
        String first = line.split("\\s+", 2)[0];
        if (KeyUtils.getPublicKeyEntryDecoder(first) == null) {
            int end = optionsEnd(line);
            options = line.substring(0, end);
            key = line.substring(end).strip();
        }
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(key);
            return entry == null ? null : new Line(number, options, entry);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where the options end: the first blank outside double quotes. */
    private static int optionsEnd(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted && i + 1 < line.length()) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                return i;
            }
        }
        return line.length();
    }
}
