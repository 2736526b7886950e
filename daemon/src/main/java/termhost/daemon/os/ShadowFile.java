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
 * Reads lock and expiry facts from a shadow file, with the meaning the host's tools give them.
 *
 * <ul>
 *   <li>A password field of {@code '!'} alone ({@code useradd} on Debian; {@code "!!"} on Red Hat)
 *       means no password was ever set, not a lock: Debian's sshd (PAM) lets such a user in by
 *       key, and so do we. OpenSSH without PAM refuses it, which is why cloud images write
 *       {@code *} instead.</li>
 *   <li>{@code '!'} before anything else is {@code passwd -l} / {@code usermod -L}: locked. Both
 *       leave a lone {@code '!'} as it is, so an account that never had a password cannot be
 *       locked that way; {@code usermod -e 1} or {@code chage -E 0} bars it, as usermod(8) advises
 *       for locking an account rather than its password.</li>
 *   <li>The account expiry date (field 8, days since 1970) refuses from the day after it, as
 *       pam_unix and sshd count; empty or negative is never.</li>
 *   <li>Password ageing (fields 3 to 7) is not looked at: it is about the password, which a key
 *       logon does not use. OpenSSH without PAM admits such a key logon too; with PAM it asks for
 *       a new password, which we have no way to take.</li>
 * </ul>
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
        long today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
        return status(fields[PASSWORD], fields.length > EXPIRE ? fields[EXPIRE] : "", today);
    }

    /** The verdict of one shadow line's password and expiry fields on day {@code today} (days since 1970). */
    static LockStatus status(String password, String expiry, long today) {
        if (isLocked(password)) {
            return LockStatus.LOCKED;
        }
        if (expiry.isBlank()) {
            return LockStatus.OK;
        }
        try {
            long lastDay = Long.parseLong(expiry.trim());
            return lastDay >= 0 && lastDay < today ? LockStatus.EXPIRED : LockStatus.OK;
        } catch (NumberFormatException e) {
            // A garbled expiry date is not a verdict; shadow-utils ignores it the same way.
            return LockStatus.OK;
        }
    }

    private static boolean isLocked(String password) {
        if (password.equals("*LK*")) {
            return true;
        }
        // "!" or "!!" alone: useradd's "no password yet"; "!" before a hash or "*": a lock
        return password.startsWith("!") && !password.chars().allMatch(c -> c == '!');
    }
}
