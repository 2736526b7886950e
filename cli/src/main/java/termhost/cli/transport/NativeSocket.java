package termhost.cli.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The control socket through four C calls (cli/src/main/c/libtermhost-client.c), when the launcher
 * names the library in the system property {@value #PROPERTY}. The JDK's own Unix socket costs a
 * command about 20 ms before it connects (a SelectorProvider service lookup, then a SecureRandom and
 * the security providers behind it), a third of a command's run; this costs well under one. Without
 * the property, or when the library does not load, {@link LocalTransport} uses the JDK's.
 */
final class NativeSocket {
    static final String PROPERTY = "termhost.client.native";
    private static final boolean LOADED = load();

    private NativeSocket() {
    }

    private static boolean load() {
        String library = System.getProperty(PROPERTY);
        if (library == null || library.isEmpty()) {
            return false;
        }
        try {
            System.load(library);
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false; // a library of another architecture, or gone: the JDK's socket does the same
        }
    }

    static boolean available() {
        return LOADED;
    }

    /** A connected stream socket to {@code path}. */
    static Connection connect(Path path) throws IOException {
        int fd = connect(path.toString().getBytes(StandardCharsets.UTF_8));
        if (fd < 0) {
            throw failure("connect", fd);
        }
        return new Connection(fd);
    }

    private static IOException failure(String call, int negativeErrno) {
        return new IOException(call + ": " + describe(-negativeErrno));
    }

    /** One connection: its streams share the descriptor, closed once. */
    static final class Connection implements LocalTransport.Connection {
        private final int fd;
        private boolean closed;
        private final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = NativeSocket.read(open(), b, off, len);
                if (n < 0) {
                    throw failure("read", n);
                }
                return n == 0 ? -1 : n;
            }
        };
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = NativeSocket.write(open(), b, off, len);
                    if (n < 0) {
                        throw failure("write", n);
                    }
                    off += n;
                    len -= n;
                }
            }
        };

        private Connection(int fd) {
            this.fd = fd;
        }

        /** The descriptor, while it is this connection's: once closed, its number may be another file's. */
        private synchronized int open() throws IOException {
            if (closed) {
                throw new IOException("socket closed");
            }
            return fd;
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                NativeSocket.close(fd);
            }
        }
    }

    private static native int connect(byte[] path);

    private static native int read(int fd, byte[] b, int off, int len);

    private static native int write(int fd, byte[] b, int off, int len);

    private static native void close(int fd);

    private static native String describe(int errno);
}
