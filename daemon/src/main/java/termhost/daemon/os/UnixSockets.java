package termhost.daemon.os;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The socket calls of the daemon's side of a helper that opens sockets as a user: a socketpair to
 * talk to it, datagrams with a descriptor attached (SCM_RIGHTS), and what the I/O loop does to the
 * sockets it gets (half-close, accept). The daemon never creates a socket for a user here: every
 * network socket it holds came from such a helper, made under the user's credentials.
 */
public final class UnixSockets {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SO_PEERCRED = 17;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    /** struct msghdr and struct iovec of LP64 Linux (x86_64, aarch64). */
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    /** CMSG_SPACE(sizeof(int)): a cmsghdr (16) and one int, aligned to 8. */
    private static final int CONTROL_SIZE = 24;

    private UnixSockets() {
    }

    /** A message as received: its text and the descriptor it carried (close-on-exec), or -1. */
    public record Message(String text, int fd) {
    }

    /** A connected pair of SOCK_SEQPACKET sockets, both close-on-exec: message boundaries are kept. */
    public static int[] seqpacketPair() throws IOException {
        int[] fds = new int[2];
        if (DirectLibc.socketpair(AF_UNIX, SOCK_SEQPACKET | DirectLibc.O_CLOEXEC, 0, fds) != 0) {
            throw new ErrnoException("socketpair", Errno.last());
        }
        return fds;
    }

    /** Sends {@code text} as one message (blocking; EPIPE as an exception, never a signal). */
    public static void send(int fd, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        while (true) {
            long n = DirectLibc.send(fd, bytes, bytes.length, MSG_NOSIGNAL);
            if (n == bytes.length) {
                return;
            }
            int errno = n < 0 ? Errno.last() : Errno.EIO;
            if (errno != Errno.EINTR) {
                throw new ErrnoException("send to fd " + fd, errno);
            }
        }
    }

    /**
     * Waits for one message of at most {@code max} bytes; empty when the other side closed. A
     * descriptor it carries comes close-on-exec, so no program the daemon starts inherits it.
     */
    public static java.util.Optional<Message> receive(int fd, int max) throws IOException {
        try (Memory data = new Memory(max); Memory iov = new Memory(IOVEC_SIZE);
                Memory control = new Memory(CONTROL_SIZE); Memory msg = new Memory(MSGHDR_SIZE)) {
            iov.setPointer(0, data);
            iov.setLong(8, max);
            control.clear();
            msg.clear();
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            msg.setPointer(32, control);
            msg.setLong(40, CONTROL_SIZE);
            long n;
            do {
                n = DirectLibc.recvmsg(fd, msg, MSG_CMSG_CLOEXEC);
            } while (n < 0 && Errno.last() == Errno.EINTR);
            if (n < 0) {
                throw new ErrnoException("recvmsg on fd " + fd, Errno.last());
            }
            int passed = -1;
            long controlLength = msg.getLong(40);
            if (controlLength >= 20 && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_RIGHTS) {
                passed = control.getInt(16);
            }
            if (n == 0 && passed < 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Message(new String(data.getByteArray(0, (int) n), StandardCharsets.UTF_8),
                    passed));
        }
    }

    /** Ends what we send on a connected socket (shutdown SHUT_WR), the other direction still open. */
    public static void shutdownOutput(int fd) {
        DirectLibc.shutdown(fd, SHUT_WR);
    }

    /** Ends both directions (shutdown SHUT_RDWR): a thread waiting in recvmsg on it wakes to the end. */
    public static void shutdownBoth(int fd) {
        DirectLibc.shutdown(fd, SHUT_RDWR);
    }

    /**
     * Accepts one connection on a non-blocking listening socket: the new one non-blocking and
     * close-on-exec, or -1 when none is waiting. It is the listener owner's (the user's) socket:
     * the kernel copies the owner from the listener.
     */
    public static int accept(int fd) throws IOException {
        int c = DirectLibc.accept4(fd, null, null, SOCK_NONBLOCK | DirectLibc.O_CLOEXEC);
        if (c >= 0) {
            return c;
        }
        int errno = Errno.last();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
            return -1;
        }
        throw new ErrnoException("accept on fd " + fd, errno);
    }

    /** Who connected to a Unix socket: the peer's pid, uid and gid when it connected (SO_PEERCRED). */
    public record Peer(int pid, int uid, int gid) {
    }

    /** The credentials of the process that connected {@code fd}, a Unix stream socket, as the kernel recorded them. */
    public static Peer peer(int fd) throws IOException {
        Memory ucred = new Memory(12);
        int[] length = {12};
        if (DirectLibc.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, length) != 0) {
            throw new ErrnoException("getsockopt SO_PEERCRED on fd " + fd, Errno.last());
        }
        if (length[0] != 12) {
            throw new IOException("SO_PEERCRED on fd " + fd + ": " + length[0] + " bytes");
        }
        return new Peer(ucred.getInt(0), ucred.getInt(4), ucred.getInt(8));
    }
}
