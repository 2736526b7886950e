package termhost.daemon.os;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process and file calls other packages need and the JDK lacks (signals to arbitrary pids,
 * numeric chown, the real/effective uid), with errno turned into {@link ErrnoException}.
 */
public final class Posix {
    private Posix() {
    }

    /**
     * Sends {@code sig} to one process.
     *
     * <p>{@code pid <= 0} is refused: to kill(2) it means "a process group" or "every process
     * we may signal", and a daemon running as root must never do that because a pid field was
     * left at 0 or -1.
     *
     * @return true if the signal was sent, false if no such process exists (ESRCH), so callers
     *     racing a process's exit need no exception handling for the common case
     * @throws ErrnoException on any other failure, e.g. EPERM
     */
    public static boolean kill(int pid, int sig) throws IOException {
        if (pid <= 0) {
            throw new IllegalArgumentException("kill: refusing pid " + pid + " (would signal a group)");
        }
        if (DirectLibc.kill(pid, sig) == 0) {
            return true;
        }
        int errno = Errno.last();
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw new ErrnoException("kill " + pid + " signal " + sig, errno);
    }

    /** chmod(2); {@code mode} is the numeric mode, usually written in octal ({@code 0666}). */
    public static void chmod(Path path, int mode) throws IOException {
        if (Libc.INSTANCE.chmod(path.toString(), mode) != 0) {
            throw new ErrnoException("chmod " + Integer.toOctalString(mode) + " " + path, Errno.last());
        }
    }

    /** chown(2) by number, because the JDK only chowns by name and names may not resolve. */
    public static void chown(Path path, int uid, int gid) throws IOException {
        if (Libc.INSTANCE.chown(path.toString(), uid, gid) != 0) {
            throw new ErrnoException("chown " + uid + ":" + gid + " " + path, Errno.last());
        }
    }

    /**
     * An extended attribute of a file, e.g. systemd's {@code trusted.delegate} on a cgroup folder.
     *
     * @return its value as text, or empty when the file has no such attribute (ENODATA) or is gone
     * @throws ErrnoException on any other failure
     */
    public static Optional<String> getxattr(Path path, String name) throws IOException {
        byte[] value = new byte[256];
        long n = Libc.INSTANCE.getxattr(path.toString(), name, value, new NativeLong(value.length))
                .longValue();
        if (n >= 0) {
            return Optional.of(new String(value, 0, (int) n, StandardCharsets.UTF_8));
        }
        int errno = Errno.last();
        if (errno == Errno.ENODATA || errno == Errno.ENOENT) {
            return Optional.empty();
        }
        throw new ErrnoException("getxattr " + name + " of " + path, errno);
    }

    public static int getuid() {
        return Libc.INSTANCE.getuid();
    }

    public static int geteuid() {
        return Libc.INSTANCE.geteuid();
    }

    public static int getgid() {
        return Libc.INSTANCE.getgid();
    }

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;

    /** Puts {@code fd} into non-blocking mode (O_NONBLOCK), for a poll loop. */
    public static void setNonBlocking(int fd) throws IOException {
        int flags = DirectLibc.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || DirectLibc.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw new ErrnoException("fcntl O_NONBLOCK on fd " + fd, Errno.last());
        }
    }

    /**
     * read(2) on a non-blocking descriptor.
     *
     * @return the bytes read; 0 at the end (EOF, or EIO: a PTY whose other side is closed); -1 when
     *     nothing is there now (EAGAIN, EINTR)
     */
    public static int read(int fd, Pointer buf, int len) throws IOException {
        long n = DirectLibc.read(fd, buf, len);
        if (n >= 0) {
            return (int) n;
        }
        int errno = Errno.last();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return -1;
        }
        if (errno == Errno.EIO) {
            return 0;
        }
        throw new ErrnoException("read fd " + fd, errno);
    }

    /**
     * write(2) on a non-blocking descriptor.
     *
     * @return the bytes written, 0 when none fit now (EAGAIN, EINTR)
     */
    public static int write(int fd, byte[] buf, int len) throws IOException {
        long n = DirectLibc.write(fd, buf, len);
        if (n >= 0) {
            return (int) n;
        }
        int errno = Errno.last();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("write fd " + fd, errno);
    }

    /** poll(2) over {@code count} {@code struct pollfd}s (8 bytes each: int fd, short events, short revents). */
    public static int poll(Pointer fds, int count, int timeoutMillis) throws IOException {
        int n = DirectLibc.poll(fds, count, timeoutMillis);
        if (n >= 0) {
            return n;
        }
        int errno = Errno.last();
        if (errno == Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("poll", errno);
    }

    /** A non-blocking, close-on-exec eventfd(2): a counter a poll loop can be woken with. */
    public static int eventfd() throws IOException {
        int fd = DirectLibc.eventfd(0, EFD_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            throw new ErrnoException("eventfd", Errno.last());
        }
        return fd;
    }

    public static void close(int fd) {
        DirectLibc.close(fd);
    }
}
