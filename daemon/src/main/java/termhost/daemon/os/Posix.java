package termhost.daemon.os;

import java.io.IOException;
import java.nio.file.Path;

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

    public static int getuid() {
        return Libc.INSTANCE.getuid();
    }

    public static int geteuid() {
        return Libc.INSTANCE.geteuid();
    }

    public static int getgid() {
        return Libc.INSTANCE.getgid();
    }
}
