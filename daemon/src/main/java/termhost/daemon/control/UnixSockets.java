package termhost.daemon.control;

import static termhost.daemon.control.SocketCalls.INSTANCE;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import termhost.daemon.os.Errno;
import termhost.daemon.os.ErrnoException;

/** Unix-domain socket steps over raw fds, each turning errno into an {@link ErrnoException}. */
final class UnixSockets {
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;
    private static final int SOCKADDR_UN_SIZE = 2 + MAX_PATH_BYTES + 1;

    private UnixSockets() {
    }

    /** A listening socket bound to {@code path}; the caller owns the returned fd. */
    static int listen(Path path, int backlog) throws IOException {
        byte[] addr = sockaddr(path);
        int fd = INSTANCE.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_STREAM | SocketCalls.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket(AF_UNIX) for " + path, Errno.last());
        }
        if (INSTANCE.bind(fd, addr, addr.length) != 0) {
            int errno = Errno.last();
            close(fd);
            throw new ErrnoException("bind " + path, errno);
        }
        if (INSTANCE.listen(fd, backlog) != 0) {
            int errno = Errno.last();
            close(fd);
            throw new ErrnoException("listen " + path, errno);
        }
        return fd;
    }

    /** {@code struct sockaddr_un} for {@code path}: family in native order, then the NUL-ended path. */
    static byte[] sockaddr(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_PATH_BYTES) {
            throw new IOException("control socket path " + path + " is " + name.length
                    + " bytes; Unix sockets allow at most " + MAX_PATH_BYTES + ", choose a shorter path");
        }
        for (byte b : name) {
            if (b == 0) {
                throw new IOException("control socket path " + path + " contains a NUL byte");
            }
        }
        ByteBuffer addr = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        addr.putShort((short) SocketCalls.AF_UNIX).put(name).put((byte) 0);
        return addr.array();
    }

    /** Blocks for the next connection; the new fd is close-on-exec. */
    static int accept(int listenFd) throws ErrnoException {
        int fd = INSTANCE.accept4(listenFd, null, null, SocketCalls.SOCK_CLOEXEC);
        if (fd < 0) {
            throw new ErrnoException("accept on control socket", Errno.last());
        }
        return fd;
    }

    /** The pid, uid and gid the kernel recorded when the peer connected ({@code struct ucred}). */
    static PeerCredentials peerCredentials(int fd) throws ErrnoException {
        try (Memory ucred = new Memory(12)) {
            IntByReference len = new IntByReference(12);
            if (INSTANCE.getsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_PEERCRED, ucred, len) != 0) {
                throw new ErrnoException("getsockopt(SO_PEERCRED)", Errno.last());
            }
            return new PeerCredentials(ucred.getInt(0), ucred.getInt(4), ucred.getInt(8));
        }
    }

    /** Sets SO_RCVTIMEO or SO_SNDTIMEO; a blocked read or send then fails with EAGAIN. */
    static void setTimeout(int fd, int option, Duration timeout) throws ErrnoException {
        // struct timeval is two longs on the LP64 platforms termhost supports.
        try (Memory timeval = new Memory(2L * NativeLong.SIZE)) {
            timeval.setNativeLong(0, new NativeLong(timeout.toSeconds()));
            timeval.setNativeLong(NativeLong.SIZE, new NativeLong(timeout.toNanosPart() / 1000L));
            if (INSTANCE.setsockopt(fd, SocketCalls.SOL_SOCKET, option, timeval, (int) timeval.size()) != 0) {
                throw new ErrnoException("setsockopt(" + option + ")", Errno.last());
            }
        }
    }

    /** shutdown(2) both ways; on a listening socket this is what wakes a blocked accept. */
    static void shutdown(int fd) {
        INSTANCE.shutdown(fd, SocketCalls.SHUT_RDWR);
    }

    /** close(2), never retried: on Linux the fd is released even when close reports EINTR. */
    static void close(int fd) {
        INSTANCE.close(fd);
    }
}
