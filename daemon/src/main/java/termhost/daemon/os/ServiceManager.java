package termhost.daemon.os;

import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's readiness protocol ({@code sd_notify(3)}) without libsystemd: one datagram of
 * {@code KEY=VALUE} lines to the Unix socket named by {@code $NOTIFY_SOCKET}, which a
 * {@code Type=notify} unit's manager listens on. Where the variable is unset (a daemon not started
 * by systemd, or a unit of another type) every call does nothing.
 *
 * <p>The JDK's Unix-domain channels are stream-only, so the datagram goes through libc.
 */
public final class ServiceManager {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    /** A manager that is gone must not kill us with SIGPIPE. */
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sun_path is 108 bytes including a path's terminating NUL. */
    private static final int MAX_PATH_BYTES = 108;

    /** One of the notifications, for callers that pick which. */
    @FunctionalInterface
    public interface Message {
        void send(String status) throws IOException;
    }

    private final String socket;

    private ServiceManager(String socket) {
        this.socket = socket;
    }

    /** The manager named by this process's environment, if any. */
    public static Optional<ServiceManager> fromEnvironment(Map<String, String> env) {
        String s = env.get("NOTIFY_SOCKET");
        // "@name" is an abstract socket; systemd also knows "vsock:", which is for VMs, not us
        if (s == null || !(s.startsWith("/") || s.startsWith("@"))) {
            return Optional.empty();
        }
        return Optional.of(new ServiceManager(s));
    }

    /** {@code READY=1} with a status line: start-up is complete and the service is in use. */
    public void ready(String status) throws IOException {
        send("READY=1\nSTATUS=" + status + "\n");
    }

    /** {@code STOPPING=1}: the stop under way is ours, not a crash. */
    public void stopping(String status) throws IOException {
        send("STOPPING=1\nSTATUS=" + status + "\n");
    }

    private void send(String message) throws IOException {
        byte[] addr = sockaddr(socket);
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        int fd = Libc.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket(AF_UNIX, SOCK_DGRAM) for NOTIFY_SOCKET", Errno.last());
        }
        try {
            long sent = Libc.INSTANCE.sendto(fd, data, new NativeLong(data.length), MSG_NOSIGNAL, addr, addr.length)
                    .longValue();
            if (sent < 0) {
                throw new ErrnoException("sending to NOTIFY_SOCKET " + socket, Errno.last());
            }
        } finally {
            Libc.INSTANCE.close(fd);
        }
    }

    /**
     * {@code struct sockaddr_un}: the family, then the path with its NUL; an abstract name has a
     * NUL in place of its '@' and its length says where it ends.
     */
    static byte[] sockaddr(String socket) throws IOException {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name[0] == '@';
        if (abstractName) {
            name[0] = 0;
        }
        int pathBytes = name.length + (abstractName ? 0 : 1);
        if (pathBytes > MAX_PATH_BYTES) {
            throw new IOException("NOTIFY_SOCKET " + socket + " is longer than a Unix socket name may be");
        }
        ByteBuffer addr = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder());
        addr.putShort((short) AF_UNIX).put(name);
        if (!abstractName) {
            addr.put((byte) 0);
        }
        return addr.array();
    }
}
