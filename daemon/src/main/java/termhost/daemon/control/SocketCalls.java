package termhost.daemon.control;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The socket calls behind the control socket, and their Linux constants.
 *
 * <p>The JDK's Unix-domain channels cannot read SO_PEERCRED, and the peer's kernel-verified
 * uid is the whole point of this socket, so the server side is done with raw calls.
 * {@code ssize_t}/{@code size_t} are {@link NativeLong}, which has their width on Linux.
 */
interface SocketCalls extends Library {
    SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    /** Control fds must not leak into the shells and tools the daemon spawns. */
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_PEERCRED = 17;
    int SO_RCVTIMEO = 20;
    int SO_SNDTIMEO = 21;
    int SHUT_RDWR = 2;
    /** A peer that hung up makes send fail with EPIPE instead of raising SIGPIPE. */
    int MSG_NOSIGNAL = 0x4000;

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] addr, int addrlen);

    int listen(int fd, int backlog);

    int accept4(int fd, Pointer addr, Pointer addrlen, int flags);

    int getsockopt(int fd, int level, int optname, Pointer optval, IntByReference optlen);

    int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    int shutdown(int fd, int how);

    int close(int fd);

    NativeLong read(int fd, Pointer buf, NativeLong count);

    NativeLong send(int fd, Pointer buf, NativeLong len, int flags);
}
