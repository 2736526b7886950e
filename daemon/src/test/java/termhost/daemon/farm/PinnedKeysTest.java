package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedKeysTest {
    private static final String ED = "AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOfHostAForTheTestOnly0123456789ab";
    private static final String EC = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFake==";

    @Test
    void aLineNamesItsHostsAndTheirKeyByTypeAndBlob() {
        PinnedKeys keys = PinnedKeys.parse(List.of("# the farm", "", "host-a,Host-A.example ssh-ed25519 " + ED + " a@x",
                "host-b ecdsa-sha2-nistp256 " + EC));
        assertThat(keys.pinned("host-a", "ssh-ed25519", ED)).isTrue();
        assertThat(keys.pinned("HOST-A.EXAMPLE", "ssh-ed25519", ED)).as("names as DNS compares them").isTrue();
        assertThat(keys.pinned("host-b", "ssh-ed25519", ED)).as("another host's key").isFalse();
        assertThat(keys.pinned("host-a", "ecdsa-sha2-nistp256", ED)).as("the type is part of the key").isFalse();
        assertThat(keys.hostsOf("ecdsa-sha2-nistp256", EC)).containsExactly("host-b");
        assertThat(keys.skipped()).isEmpty();
    }

    @Test
    void hashedNamesMarkersPatternsAndBrokenLinesAreSkippedSayingWhy() {
        PinnedKeys keys = PinnedKeys.parse(List.of("|1|abc=|def= ssh-ed25519 " + ED,
                "@cert-authority *.farm ssh-ed25519 " + ED, "host-* ssh-ed25519 " + ED, "host-c ssh-ed25519",
                "host-d ssh-ed25519 not-base64!", "host-e ssh-ed25519 " + ED));
        assertThat(keys.entries()).extracting(PinnedKeys.Entry::names).containsExactly(List.of("host-e"));
        assertThat(keys.skipped()).containsExactly("line 1: hashed names are not taken",
                "line 2: markers (@cert-authority) are not taken", "line 3: patterns are not taken",
                "line 4: expected: name key-type base64", "line 5: the key is not base64");
        assertThat(keys.pinned("host-c", "ssh-ed25519", ED)).isFalse();
    }

    @Test
    void theFileMustBeRootsAndWritableByNobodyElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("farm_hosts");
        Files.writeString(file, "host-a ssh-ed25519 " + ED + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assertThat(PinnedKeys.read(file).pinned("host-a", "ssh-ed25519", ED)).isTrue();
        } else {
            assertThatThrownBy(() -> PinnedKeys.read(file)).hasMessageEndingWith("not root");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> PinnedKeys.read(file)).hasMessageContaining(root ? "writable by others than root"
                : "not root");
        assertThatThrownBy(() -> PinnedKeys.read(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }
}
