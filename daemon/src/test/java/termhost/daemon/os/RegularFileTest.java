package termhost.daemon.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFileTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsRead() throws Exception {
        Path f = Files.writeString(dir.resolve("keys"), "ssh-ed25519 AAAA x\n");
        assertThat(RegularFile.read(f)).asString().isEqualTo("ssh-ed25519 AAAA x\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), f);
        assertThat(RegularFile.read(link)).asString().isEqualTo("ssh-ed25519 AAAA x\n");
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("keys");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // a plain open would block this thread until someone opened the FIFO for writing
        assertThatThrownBy(() -> RegularFile.read(fifo)).isInstanceOf(RegularFile.NotRegular.class)
                .hasMessage(fifo + " is not a regular file");
    }

    @Test
    void aDirectoryIsRefusedAndAMissingFileSaysSo() {
        assertThatThrownBy(() -> RegularFile.read(dir)).isInstanceOf(RegularFile.NotRegular.class);
        assertThatThrownBy(() -> RegularFile.read(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }
}
