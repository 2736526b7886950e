package termhost.daemon.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OsUsersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final long TODAY = LocalDate.of(2025, 6, 1).toEpochDay();

    private final OsUsers users = new OsUsers(CLOCK);

    @Test
    void findsRootByNameAndByUid() {
        OsUser root = users.byName("root").orElseThrow();

        assertEquals(0, root.uid());
        assertEquals(0, root.gid());
        assertEquals("/root", root.home());
        assertEquals(Optional.of(root), users.byUid(0));
    }

    @Test
    void unknownNameAndUidAreEmpty() {
        assertEquals(Optional.empty(), users.byName("no-such-user-termhost-test"));
        assertEquals(Optional.empty(), users.byUid(2_000_000_123));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../root", "root/..", "root:x", "root\0", "root\nroot", "a\rb"})
    void hostileNamesAreRejectedWithoutLookup(String name) {
        assertFalse(OsUsers.isWellFormedName(name));
        assertEquals(Optional.empty(), users.byName(name));
        assertEquals(Optional.empty(), users.groupId(name));
    }

    @Test
    void overlongNameIsRejected() {
        assertEquals(Optional.empty(), users.byName("a".repeat(OsUsers.MAX_NAME_LENGTH + 1)));
        assertTrue(OsUsers.isWellFormedName("a".repeat(OsUsers.MAX_NAME_LENGTH)));
    }

    @Test
    void rootIsInGroupRootFirst() {
        OsUser root = users.byName("root").orElseThrow();

        int[] ids = users.groupIds(root);

        assertEquals(0, ids[0]);
        assertTrue(users.groupNames(root).contains("root"));
        assertEquals(Optional.of(0), users.groupId("root"));
        assertEquals(Optional.empty(), users.groupId("no-such-group-termhost-test"));
    }

    @Test
    void lockStatusFollowsShadow(@TempDir Path dir) throws IOException {
        Path shadow = Files.writeString(dir.resolve("shadow"), String.join("\n",
                "ok:$6$salt$hash:19000:0:99999:7:::",
                "locked:!$6$salt$hash:19000:0:99999:7:::",
                "useradd:!:19000:0:99999:7:::",
                "lk:*LK*:19000::::::",
                "expired:$6$salt$hash:19000:0:99999:7::" + (TODAY - 1) + ":",
                "expirestoday:$6$salt$hash:19000:0:99999:7::" + TODAY + ":",
                "garbled:$6$salt$hash:19000:0:99999:7::soon:",
                ""));
        OsUsers withShadow = new OsUsers(CLOCK, shadow);

        assertEquals(LockStatus.OK, withShadow.lockStatus(user("ok")));
        assertEquals(LockStatus.LOCKED, withShadow.lockStatus(user("locked")));
        assertEquals(LockStatus.OK, withShadow.lockStatus(user("useradd")));
        assertEquals(LockStatus.LOCKED, withShadow.lockStatus(user("lk")));
        assertEquals(LockStatus.EXPIRED, withShadow.lockStatus(user("expired")));
        assertEquals(LockStatus.OK, withShadow.lockStatus(user("expirestoday")));
        assertEquals(LockStatus.OK, withShadow.lockStatus(user("garbled")));
        assertEquals(LockStatus.UNKNOWN, withShadow.lockStatus(user("absent")));
        assertEquals(LockStatus.UNKNOWN, new OsUsers(CLOCK, dir.resolve("missing")).lockStatus(user("ok")));
    }

    @Test
    void rootHasAVerdictFromTheRealShadow() {
        LockStatus status = users.lockStatus(users.byName("root").orElseThrow());
        // Running as root, /etc/shadow is readable, so some verdict other than UNKNOWN is expected.
        assertFalse(Files.isReadable(Path.of("/etc/shadow")) && status == LockStatus.UNKNOWN, status::name);
    }

    private static OsUser user(String name) {
        return new OsUser(name, 1000, 1000, "/home/" + name, "/bin/sh");
    }
}
