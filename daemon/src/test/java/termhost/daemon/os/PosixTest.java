package termhost.daemon.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    @Test
    void killWithSignalZeroProbesExistence() throws Exception {
        assertTrue(Posix.kill((int) ProcessHandle.current().pid(), 0));

        Process p = new ProcessBuilder("true").start();
        int pid = (int) p.pid();
        p.waitFor();
        assertFalse(Posix.kill(pid, 0), "a reaped process is ESRCH");
    }

    @Test
    void killRefusesGroupPids() {
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(-1, 0));
    }

    @Test
    void chmodAndChown(@TempDir Path dir) throws IOException {
        Path f = Files.createFile(dir.resolve("f"));

        Posix.chmod(f, 0640);
        Posix.chown(f, 0, 0);

        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(f));
    }

    @Test
    void failuresCarryErrnoAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("missing");

        ErrnoException e = assertThrows(ErrnoException.class, () -> Posix.chmod(missing, 0600));

        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void idsAreThoseOfThisProcess() {
        assertEquals(Posix.getuid(), Posix.geteuid());
        assertEquals(0, Posix.getuid(), "tests run as root here");
    }
}
