package termhost.daemon.control;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import termhost.daemon.os.Errno;
import termhost.daemon.os.ErrnoException;

/**
 * An {@link InputStream} over read(2) on a socket fd it does not own.
 *
 * <p>The whole stream has one deadline, not one per read: before each read the socket's
 * SO_RCVTIMEO is set to the time left, so a client trickling a byte at a time cannot hold the
 * reader longer than a silent one. Passing it becomes a {@link SocketTimeoutException}, as for
 * a JDK socket. EINTR is retried. Not thread-safe.
 */
final class FdInputStream extends InputStream {
    private static final int CHUNK = 8192;

    private final int fd;
    private final Memory buffer = new Memory(CHUNK);
    private final long deadlineNanos;

    /** @param timeout how long the whole stream may take, counted from now */
    FdInputStream(int fd, Duration timeout) {
        this.fd = fd;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int want = Math.min(len, CHUNK);
        while (true) {
            armTimeout();
            long n = SocketCalls.INSTANCE.read(fd, buffer, new NativeLong(want)).longValue();
            if (n > 0) {
                buffer.read(0, b, off, (int) n);
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = Errno.last();
            if (errno == Errno.EAGAIN) {
                throw new SocketTimeoutException("read on control connection timed out");
            }
            if (errno != Errno.EINTR) {
                throw new ErrnoException("read on control connection", errno);
            }
        }
    }

    private void armTimeout() throws IOException {
        long left = deadlineNanos - System.nanoTime();
        // A zero SO_RCVTIMEO means "wait forever", so the last microsecond counts as expired.
        if (left < 1000) {
            throw new SocketTimeoutException("read on control connection timed out");
        }
        UnixSockets.setTimeout(fd, SocketCalls.SO_RCVTIMEO, Duration.ofNanos(left));
    }

    /** Frees the native buffer; the fd stays open for its owner to close. */
    @Override
    public void close() {
        buffer.close();
    }
}
