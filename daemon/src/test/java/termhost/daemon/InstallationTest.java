package termhost.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.config.Layout;

/** The command wrappers the daemon writes for its sessions. */
class InstallationTest {
    @Test
    void wrappersNameACopyOfTheCommandsSocketLibraryAUserCanRead(@TempDir Path dir) throws Exception {
        Path built = Installation.clientLibrary();
        assertThat(built).as("the build's libtermhost-client.so, beside the daemon's helpers").isNotNull();
        Layout layout = Layout.under(dir);
        Installation.install(layout);

        Path copy = layout.libDir().resolve("libtermhost-client.so");
        assertThat(copy).hasSameBinaryContentAs(built);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(layout.binDir().resolve("logoff")))
                .contains("'-Dtermhost.client.native=" + copy + "'")
                .endsWith(" termhost.cli.Main logoff \"$@\"\n");
    }
}
