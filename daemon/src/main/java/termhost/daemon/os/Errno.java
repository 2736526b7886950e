package termhost.daemon.os;

import com.sun.jna.Native;

/**
 * The Linux errno values the daemon reacts to, and their text.
 *
 * <p>Values are those of the generic Linux ABI (x86_64, aarch64), the platforms termhost runs on.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    /** getxattr: the file has no attribute of that name. */
    public static final int ENODATA = 61;
    public static final int EPROTO = 71;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;

    private Errno() {
    }

    /** The errno left by the last native call on this thread (JNA saves it after every call). */
    public static int last() {
        return Native.getLastError();
    }

    /** {@code strerror} text plus the number, e.g. {@code "No such process (errno 3)"}. */
    public static String describe(int errno) {
        String text = Libc.INSTANCE.strerror(errno);
        return (text == null ? "unknown error" : text) + " (errno " + errno + ")";
    }
}
