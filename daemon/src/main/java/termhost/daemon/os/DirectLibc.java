package termhost.daemon.os;

import com.sun.jna.Native;

/**
 * Direct-mapped libc calls for the hot paths: a logoff signals every process of a session, and an
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
}
