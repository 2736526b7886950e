package termhost.daemon.it;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service manager's end of {@code sd_notify}: a Unix datagram socket, as systemd binds for a
 * {@code Type=notify} unit and names in {@code $NOTIFY_SOCKET}. Every datagram received is kept,
 * in order, for the test to wait on.
 */
public final class NotifySocket implements AutoCloseable {
    private interface Sockets extends Library {
        Sockets LIBC = Native.load("c", Sockets.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int addrlen);

        int setsockopt(int fd, int level, int optname, long[] optval, int optlen);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private final Path path;
    private final int fd;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    private NotifySocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
        this.reader = new Thread(this::receive, "notify-socket");
        reader.setDaemon(true);
    }

    public static NotifySocket bind(Path path) throws IOException {
        int fd = Sockets.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] addr = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder())
                .putShort((short) AF_UNIX).put(name).put((byte) 0).array();
        // a receive that waits at most 100 ms, so close() is seen without a signal
        long[] timeout = {0, 100_000};
        if (fd < 0 || Sockets.LIBC.bind(fd, addr, addr.length) != 0
                || Sockets.LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) != 0) {
            int errno = Native.getLastError();
            Sockets.LIBC.close(fd);
            throw new IOException("cannot bind a datagram socket at " + path + ": errno " + errno);
        }
        NotifySocket s = new NotifySocket(path, fd);
        s.reader.start();
        return s;
    }

    private void receive() {
        byte[] buf = new byte[4096];
        while (!closed) {
            long n = Sockets.LIBC.recv(fd, buf, buf.length, 0);
            if (n > 0) {
                messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            }
        }
    }

    /** What {@code $NOTIFY_SOCKET} is set to. */
    public String address() {
        return path.toString();
    }

    /** The datagrams received so far, each as it came ("READY=1\nSTATUS=..."). */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Whether any datagram so far holds the line {@code line} (e.g. {@code READY=1}). */
    public boolean received(String line) {
        return messages.stream().anyMatch(m -> m.lines().anyMatch(line::equals));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sockets.LIBC.close(fd);
        Files.deleteIfExists(path);
    }
}
