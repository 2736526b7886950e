package termhost.daemon.os;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc calls for the hot paths: a logoff signals every process of a session, and
 * every keystroke and screen update of every connection passes through read/write/poll. An
 * interface-mapped JNA call costs tens of microseconds of reflection where a direct one costs one.
 * JNA keeps errno for {@link Native#getLastError()} in both mappings.
 */
final class DirectLibc {
    static {
        Native.register("c");
    }

    private DirectLibc() {
    }

    static native int kill(int pid, int sig);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native int poll(Pointer fds, long nfds, int timeout);

    static native int fcntl(int fd, int cmd, int arg);

    static native int eventfd(int initval, int flags);

    static native int close(int fd);
}
