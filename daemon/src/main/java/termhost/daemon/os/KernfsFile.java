package termhost.daemon.os;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A kernfs file that announces its changes, such as a cgroup's {@code cgroup.events}: read from
 * the start with pread(2), waited on with poll(2) for POLLPRI, which the kernel raises when the
 * file's content changes ("a value change in this file generates a file modified event",
 * Documentation/admin-guide/cgroup-v2.rst). A waiter then wakes the moment the last process of a
 * group has exited, instead of sleeping in steps and either missing it by a step or spinning.
 *
 * <p>One thread uses an instance at a time; {@link #close()} releases the descriptor.
 */
public final class KernfsFile implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final short POLLPRI = 0x2;
    private static final int CAPACITY = 4096;

    private final Path path;
    private final int fd;
    private final Memory buffer = new Memory(CAPACITY);
    private final Memory pollfd = new Memory(8);
    private boolean closed;

    private KernfsFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
        // struct pollfd {int fd; short events; short revents}; a kernfs file is always readable
        // (POLLIN), so only POLLPRI (and POLLERR, always reported) mean "changed"
        pollfd.setInt(0, fd);
        pollfd.setShort(4, POLLPRI);
    }

    /** @throws NoSuchFileException when the file (its group) is gone */
    public static KernfsFile open(Path path) throws IOException {
        int fd = DirectLibc.open(path.toString(), O_RDONLY | DirectLibc.O_CLOEXEC);
        if (fd < 0) {
            int errno = Errno.last();
            if (errno == Errno.ENOENT) {
                throw new NoSuchFileException(path.toString());
            }
            throw new ErrnoException("open " + path, errno);
        }
        return new KernfsFile(path, fd);
    }

    /** The whole content as it is now; reading also re-arms {@link #awaitChange}. */
    public String read() throws IOException {
        long n = DirectLibc.pread(fd, buffer, CAPACITY, 0);
        if (n < 0) {
            int errno = Errno.last();
            if (errno == Errno.ENODEV || errno == Errno.ENOENT) {
                // the group was removed while we held the file open
                throw new NoSuchFileException(path.toString());
            }
            throw new ErrnoException("read " + path, errno);
        }
        return new String(buffer.getByteArray(0, (int) n), StandardCharsets.US_ASCII);
    }

    /**
     * Waits until the content may have changed since the last {@link #read}, or {@code timeoutMillis}
     * passed; the caller reads again either way. The kernel spaces these notifications at least
     * 10 ms apart per file (CGROUP_FILE_NOTIFY_MIN_INTV), delaying, never dropping, one.
     */
    public void awaitChange(int timeoutMillis) throws IOException {
        Posix.poll(pollfd, 1, timeoutMillis);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DirectLibc.close(fd);
            buffer.close();
            pollfd.close();
        }
    }
}
