package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.LocalWindow;
import termhost.daemon.os.Posix;
import termhost.daemon.terminal.TerminalIo;

/**
 * The bytes of one forwarded socket and its SSH channel, moved by the daemon's one I/O loop: the
 * socket's data goes out as the client's window allows (see {@link ChannelOutput}); the client's
 * data goes into the socket as fast as its reader takes it, and the client's window is given back
 * only then, so a slow reader holds the client back instead of the daemon's memory. The client's
 * EOF half-closes the socket; the socket's end (or error) ends the channel once all it sent went out.
 */
final class ForwardedStream {
    /** The client's EOF in the queue of its data: it half-closes the socket after what came before. */
    private static final byte[] EOF = new byte[0];

    private final Channel channel;
    private final ChannelOutput output;
    private final TerminalIo.Terminal socket;
    /** Guarded by this: the client's data that came while a write was waiting (at most a window's worth). */
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private boolean writing;

    /** Takes over {@code fd}, a connected socket, for {@code channel}; nothing moves before {@link #start}. */
    ForwardedStream(Channel channel, TerminalIo io, int fd) throws IOException {
        this.channel = channel;
        this.output = ChannelOutput.stdout(channel);
        this.socket = io.register(fd, () -> Posix.close(fd));
    }

    /** How the channel sends its EOF (a protected method of MINA's channels). */
    @FunctionalInterface
    interface Eof {
        void send() throws IOException;
    }

    /**
     * Starts reading the socket. Once it ended (the other side closed, or failed) and all it sent
     * went out, the client gets the EOF ({@code eof}) and the channel closes.
     */
    void start(Eof eof) {
        socket.start(new TerminalIo.Sink() {
            @Override
            public void output(byte[] chunk, Runnable sent) {
                output.send(chunk, sent);
            }

            @Override
            public void ended() {
                try {
                    eof.send();
                } catch (IOException e) {
                    // the channel is going away anyway
                }
                channel.close(false);
            }
        });
    }

    /** The client's data (on MINA's thread): into the socket, or queued behind a write that waits. */
    void fromClient(byte[] data, int off, int len) {
        queue(Arrays.copyOfRange(data, off, off + len));
    }

    /** The client's EOF: the socket's sending side is shut once what came before is in. */
    void clientEof() {
        queue(EOF);
    }

    void windowExpanded() {
        output.windowExpanded();
    }

    /** The channel closed: the socket closes (once the loop stopped polling it). */
    void close() {
        socket.close();
    }

    private void queue(byte[] chunk) {
        synchronized (this) {
            if (writing) {
                waiting.add(chunk);
                return;
            }
            writing = true;
        }
        deliver(chunk);
    }

    /** Writes chunks until one must wait; the loop calls {@link #written} once that one is in. */
    private void deliver(byte[] chunk) {
        for (byte[] c = chunk; c != null; c = next()) {
            if (c == EOF) {
                socket.shutdownOutput();
                continue;
            }
            int length = c.length;
            if (!socket.write(c, 0, length, () -> written(length))) {
                return;
            }
            giveWindowBack(length);
        }
    }

    private void written(int length) {
        giveWindowBack(length);
        byte[] c = next();
        if (c != null) {
            deliver(c);
        }
    }

    private byte[] next() {
        synchronized (this) {
            byte[] c = waiting.poll();
            if (c == null) {
                writing = false;
            }
            return c;
        }
    }

    /** What the client sent is in the socket: room for that much more in its window (MINA adjusts it in steps). */
    private void giveWindowBack(int length) {
        try {
            LocalWindow w = channel.getLocalWindow();
            if (w.isOpen()) {
                w.release(length);
            }
        } catch (IOException | RuntimeException e) {
            channel.close(true);
        }
    }
}
