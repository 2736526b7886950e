package termhost.daemon.control;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import termhost.daemon.os.Errno;
import termhost.daemon.os.ErrnoException;

/**
 * An {@link OutputStream} over a socket fd it does not own, writing every byte or failing.
 *
 * <p>Uses send(2) with MSG_NOSIGNAL rather than write(2): a client that hung up must cost us an
 * EPIPE on this connection, not a SIGPIPE to the whole daemon (the JVM ignores SIGPIPE today,
 * but not under {@code -Xrs} or in every embedding). Partial sends are resumed and EINTR is
 * retried; EAGAIN (the SO_SNDTIMEO deadline passed) becomes a {@link SocketTimeoutException}.
 * Not thread-safe.
 */
final class FdOutputStream extends OutputStream {
    private static final int CHUNK = 8192;

    private final int fd;
    private final Memory buffer = new Memory(CHUNK);

    FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int chunk = Math.min(len, CHUNK);
            buffer.write(0, b, off, chunk);
            sendFully(chunk);
            off += chunk;
            len -= chunk;
        }
    }

    private void sendFully(int count) throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = SocketCalls.INSTANCE.send(fd, buffer.share(sent), new NativeLong(count - sent),
                    SocketCalls.MSG_NOSIGNAL).longValue();
            if (n >= 0) {
                sent += n;
                continue;
            }
            int errno = Errno.last();
            if (errno == Errno.EAGAIN) {
                throw new SocketTimeoutException("send on control connection timed out");
            }
            if (errno != Errno.EINTR) {
                throw new ErrnoException("send on control connection", errno);
            }
        }
    }

    /** Frees the native buffer; the fd stays open for its owner to close. */
    @Override
    public void close() {
        buffer.close();
    }
}
