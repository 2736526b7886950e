package termhost.daemon.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file that must be a regular one, as sshd reads {@code authorized_keys} (auth.c,
 * auth_openfile): opened without blocking, and refused unless what was opened is a regular file.
 * A plain open of a FIFO blocks until someone opens it for writing: any user could park a logon thread
 * there for good by making their {@code authorized_keys} one, once per attempt.
 */
public final class RegularFile {
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;

    private RegularFile() {
    }

    /** @throws NotRegular when {@code path} (followed) is a FIFO, a device, a directory, ... */
    public static byte[] read(Path path) throws IOException {
        int fd = DirectLibc.open(path.toString(), O_RDONLY | O_NONBLOCK | DirectLibc.O_CLOEXEC);
        if (fd < 0) {
            int errno = Errno.last();
            if (errno == Errno.ENOENT) {
                throw new NoSuchFileException(path.toString());
            }
            throw new ErrnoException("open " + path, errno);
        }
        try {
            // the descriptor's file, not what the path names by now
            Path opened = Path.of("/proc/self/fd/" + fd);
            if (!Files.readAttributes(opened, BasicFileAttributes.class).isRegularFile()) {
                throw new NotRegular(path);
            }
            return Files.readAllBytes(opened);
        } finally {
            DirectLibc.close(fd);
        }
    }

    /** The file is not a regular one. */
    public static final class NotRegular extends IOException {
        NotRegular(Path path) {
            super(path + " is not a regular file");
        }
    }
}
