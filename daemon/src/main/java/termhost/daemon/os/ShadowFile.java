package termhost.daemon.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Reads lock and expiry facts from a shadow file.
 *
 * <p>libc's getspnam would also do, but it only consults shadow on most systems anyway and is
 * not reentrant; reading the file directly is simpler and makes the rules testable. Days are
 * counted in UTC, as shadow-utils counts them.
 */
final class ShadowFile {
    private static final int PASSWORD = 1;
    private static final int EXPIRE = 7;

    private final Path file;
    private final Clock clock;

    ShadowFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    LockStatus statusOf(String userName) {
        if (!Files.isReadable(file)) {
            return LockStatus.UNKNOWN;
        }
        // ISO-8859-1 decodes any byte, so a stray non-UTF-8 line cannot make the read fail.
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split(":", -1);
                if (fields.length > PASSWORD && fields[0].equals(userName)) {
                    return statusOf(fields);
                }
            }
            return LockStatus.UNKNOWN;
        } catch (IOException e) {
            return LockStatus.UNKNOWN;
        }
    }

    private LockStatus statusOf(String[] fields) {
        String password = fields[PASSWORD];
        if (password.startsWith("!") || password.equals("*LK*")) {
            return LockStatus.LOCKED;
        }
        if (fields.length > EXPIRE && !fields[EXPIRE].isEmpty()) {
            long today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
            try {
                if (Long.parseLong(fields[EXPIRE].trim()) < today) {
                    return LockStatus.EXPIRED;
                }
            } catch (NumberFormatException e) {
                // A garbled expiry date is not a verdict; shadow-utils ignores it the same way.
                return LockStatus.OK;
            }
        }
        return LockStatus.OK;
    }
}
