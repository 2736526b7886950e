package termhost.cli.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;
import termhost.api.wire.Progress;
import termhost.api.wire.WireCodec;

/**
 * The daemon's control socket on this host. Nothing about the caller is sent: the daemon reads
 * uid, gid and pid from the socket (SO_PEERCRED) and finds the caller's session by the cgroup of
 * that pid.
 */
public final class LocalTransport implements Transport {
    /** Where the root daemon listens when nothing else is said. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/termhost/control.sock");

    private final Path socket;
    /** The connection {@link #connectAhead} is making, taken by the next call; null when there is none. */
    private Connecting ahead;

    public LocalTransport(Path socket) {
        this.socket = socket;
    }

    /**
     * The socket to use: {@code TERMHOST_SOCKET}, else {@code TERMHOST_STATE_DIR/run/control.sock},
     * else the system one. These only say which daemon to ask, never who is asking.
     */
    public static LocalTransport fromEnvironment(Map<String, String> env) {
        String explicit = env.get("TERMHOST_SOCKET");
        if (explicit != null && !explicit.isEmpty()) {
            return new LocalTransport(Path.of(explicit));
        }
        String stateDir = env.get("TERMHOST_STATE_DIR");
        if (stateDir != null && !stateDir.isEmpty()) {
            return new LocalTransport(Path.of(stateDir, "run", "control.sock"));
        }
        return new LocalTransport(DEFAULT_SOCKET);
    }

    public Path socket() {
        return socket;
    }

    /** A connected control socket: its two streams, closed together. */
    interface Connection extends Closeable {
        InputStream in();

        OutputStream out();

        @Override
        void close() throws IOException;
    }

    /**
     * Starts connecting on a second thread, for the next {@link #call} to use: with the JDK's socket
     * (when {@link NativeSocket} is not there), the first Unix socket costs a command 20 ms of CPU
     * (its classes look up a SelectorProvider service and make a {@code SecureRandom}, which loads the
     * security providers), which this lets run while the command line is parsed and the request
     * made. A connection never used is closed with the JVM; the daemon takes a connection closed
     * without a request for a liveness probe.
     */
    public void connectAhead() {
        if (ahead == null) {
            ahead = new Connecting(socket);
            ahead.start();
        }
    }

    /** Opens and connects on its own thread; a failure is left for the call to repeat. */
    private static final class Connecting extends Thread {
        private final Path socket;
        private volatile Connection connection;

        Connecting(Path socket) {
            super("connect-ahead");
            this.socket = socket;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                connection = connect(socket);
            } catch (IOException | RuntimeException e) {
                // the call connects again and reports what fails then
            }
        }

        /** The connection, or null when connecting failed. */
        Connection await() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return connection;
        }
    }

    private static Connection connect(Path socket) throws IOException {
        if (NativeSocket.available()) {
            return NativeSocket.connect(socket);
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new JdkConnection(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    /** The JDK's socket, when {@link NativeSocket} is not there. */
    private record JdkConnection(SocketChannel channel, InputStream in, OutputStream out) implements Connection {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The connection made ahead, once; else a new one. */
    private Connection connection() throws IOException {
        Connecting made = ahead;
        ahead = null;
        Connection c = made == null ? null : made.await();
        return c != null ? c : connect(socket);
    }

    @Override
    public <R extends Reply> R call(Request<R> request, Consumer<Progress> onProgress) {
        try (Connection ch = connection()) {
            // buffered both ways: unbuffered, every int and string of a reply was a system call of its
            // own (a thousand-session listing took tens of thousands)
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ch.out()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(ch.in(), 64 * 1024));
            WireCodec.write(out, request.toMessage());
            while (true) {
                Message reply = WireCodec.read(in);
                if (reply == null) {
                    throw unavailable("the daemon closed the connection without an answer");
                }
                switch (reply.type()) {
                    case Message.EVENT -> progress(reply, onProgress);
                    case Message.RESULT -> {
                        return result(request, reply);
                    }
                    case Message.ERROR -> throw ErrorReply.fromMessage(reply).toException();
                    default -> throw unavailable("unexpected reply type " + reply.type());
                }
            }
        } catch (IOException e) {
            throw unavailable(socket + ": " + e.getMessage());
        }
    }

    private static void progress(Message event, Consumer<Progress> onProgress) {
        Progress p;
        try {
            p = Progress.fromMessage(event);
        } catch (IllegalArgumentException e) {
            return; // a step a daemon of another version names: nothing this client can word
        }
        onProgress.accept(p);
    }

    private <R extends Reply> R result(Request<R> request, Message result) {
        try {
            return request.replyFrom(result);
        } catch (IllegalArgumentException e) {
            throw unavailable("malformed " + request.operation().wireName() + " result: " + e.getMessage());
        }
    }

    private TermhostException unavailable(String detail) {
        return new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_DAEMON_UNREACHABLE, detail,
                socket.toString());
    }
}
