package termhost.daemon.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shadow rules of {@link ShadowFile}: what each password field and expiry date mean for a key logon. */
class ShadowFileTest {
    private static final long TODAY = LocalDate.of(2025, 6, 1).toEpochDay();

    @ParameterizedTest(name = "password field [{0}]: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // useradd's "no password yet" (Debian "!", Red Hat "!!"): a key logs on
            "!                  | OK",
            "!!                 | OK",
            // no password, or a password: nothing to do with keys
            "*                  | OK",
            "\"\"               | OK",
            "$6$salt$hash       | OK",
            // passwd -l / usermod -L: "!" before a hash, or before "*" (usermod -L of a "*" account)
            "!$6$salt$hash      | LOCKED",
            "!!$6$salt$hash     | LOCKED",
            "!*                 | LOCKED",
            "*LK*               | LOCKED"})
    void passwordField(String password, LockStatus expected) {
        assertEquals(expected, ShadowFile.status(password, "", TODAY));
    }

    @ParameterizedTest(name = "expiry [{0}] on day TODAY: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"      | OK",
            // chage -E 0, usermod -e 1: long past
            "0         | EXPIRED",
            "1         | EXPIRED",
            // the account is good through its last day, as pam_unix and sshd count
            "TODAY-1   | EXPIRED",
            "TODAY     | OK",
            "TODAY+1   | OK",
            // "never", however it is written; garbage is no verdict
            "-1        | OK",
            "soon      | OK"})
    void expiryField(String expiry, LockStatus expected) {
        String day = expiry.replace("TODAY-1", Long.toString(TODAY - 1)).replace("TODAY+1", Long.toString(TODAY + 1))
                .replace("TODAY", Long.toString(TODAY));
        assertEquals(expected, ShadowFile.status("*", day, TODAY));
    }

    @Test
    void aLockedAndExpiredAccountIsLocked() {
        assertEquals(LockStatus.LOCKED, ShadowFile.status("!$6$salt$hash", "0", TODAY));
    }

    @Test
    void passwordAgeingDoesNotStopAKey(@TempDir Path dir) throws IOException {
        // last changed 2000-01-01, max age 1 day, 1 day of grace: long expired and inactive
        long y2000 = LocalDate.of(2000, 1, 1).toEpochDay();
        Path shadow = Files.writeString(dir.resolve("shadow"), String.join("\n",
                "aged:$6$salt$hash:" + y2000 + ":0:1:7:::",
                "inactive:!:" + y2000 + ":0:1:7:1::",
                "mustchange:*:0:0:99999:7:::",
                ""));
        ShadowFile file = new ShadowFile(shadow, clockAt(LocalDate.of(2025, 6, 1)));

        assertEquals(LockStatus.OK, file.statusOf("aged"));
        assertEquals(LockStatus.OK, file.statusOf("inactive"));
        assertEquals(LockStatus.OK, file.statusOf("mustchange"));
    }

    @Test
    void expiryFollowsTheInjectedClock(@TempDir Path dir) throws IOException {
        long lastDay = LocalDate.of(2025, 6, 1).toEpochDay();
        Path shadow = Files.writeString(dir.resolve("shadow"), "temp:*:19000:0:99999:7::" + lastDay + ":\n");

        assertEquals(LockStatus.OK, new ShadowFile(shadow, clockAt(LocalDate.of(2025, 6, 1))).statusOf("temp"));
        // days are UTC days, as shadow-utils counts: the last second of the last day is still in
        assertEquals(LockStatus.OK, new ShadowFile(shadow,
                Clock.fixed(Instant.parse("2025-06-01T23:59:59Z"), ZoneOffset.UTC)).statusOf("temp"));
        assertEquals(LockStatus.EXPIRED, new ShadowFile(shadow,
                Clock.fixed(Instant.parse("2025-06-02T00:00:00Z"), ZoneOffset.UTC)).statusOf("temp"));
    }

    private static Clock clockAt(LocalDate day) {
        return Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }
}
