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

    /** open(2) flag shared by the callers that open descriptors here: none may leak into a child. */
    static final int O_CLOEXEC = 0x80000;

    private DirectLibc() {
    }

    static native int kill(int pid, int sig);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native int poll(Pointer fds, long nfds, int timeout);

    static native int fcntl(int fd, int cmd, int arg);

    static native int eventfd(int initval, int flags);

    static native int close(int fd);

    static native int open(String path, int flags);

    static native long pread(int fd, Pointer buf, long count, long offset);

    static native int posix_openpt(int flags);

    static native int grantpt(int fd);

    static native int unlockpt(int fd);

    static native int ptsname_r(int fd, byte[] buf, long buflen);

    static native int ioctl(int fd, long request, Pointer arg);

    static native int tcgetattr(int fd, Pointer termios);

    static native int tcsetattr(int fd, int optionalActions, Pointer termios);

    static native int waitpid(int pid, int[] status, int options);

    /** Per thread, unlike setuid(2), which glibc applies to every thread of the process. */
    static native int setfsuid(int fsuid);

    static native int setfsgid(int fsgid);

    static native int pipe2(int[] fds, int flags);

    /** syscall(2) with two int arguments (pidfd_open): glibc's wrapper passes them through as they are. */
    static native long syscall(long number, int a, int b);

    static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv,
            Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int oflag, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int socketpair(int domain, int type, int protocol, int[] fds);

    static native long send(int fd, byte[] buf, long len, int flags);

    static native long recvmsg(int fd, Pointer msg, int flags);

    static native int shutdown(int fd, int how);

    static native int accept4(int fd, Pointer addr, Pointer addrlen, int flags);

    static native int getsockopt(int fd, int level, int name, Pointer value, int[] length);
}
