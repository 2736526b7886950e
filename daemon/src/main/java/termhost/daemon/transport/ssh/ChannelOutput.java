package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * One output stream of a session channel (stdout, or stderr as extended data), written without
 * blocking: each chunk goes out in packets as far as the client's window allows, the rest when it
 * sends a window adjustment. Packets are queued to the connection one after the other without
 * waiting for each to reach the socket (MINA's asynchronous stream waits for each, and a bulk
 * transfer ran at two thirds of sshd's speed); a chunk's callback runs once its last packet was
 * written, so the I/O loop reads no more than a few chunks ahead of what went out. Writes keep
 * their order; a closing line from another thread queues behind the terminal's output.
 */
final class ChannelOutput {
    private static final class Chunk {
        final byte[] data;
        final Runnable then;
        int sent;

        Chunk(byte[] data, Runnable then) {
            this.data = data;
            this.then = then;
        }
    }

    private final Channel channel;
    private final byte command;
    /** Guarded by this: chunks not yet wholly packetised, the first one partly perhaps. */
    private final Queue<Chunk> queue = new ArrayDeque<>();

    private ChannelOutput(Channel channel, byte command) {
        this.channel = channel;
        this.command = command;
    }

    static ChannelOutput stdout(Channel channel) {
        return new ChannelOutput(channel, SshConstants.SSH_MSG_CHANNEL_DATA);
    }

    static ChannelOutput stderr(Channel channel) {
        return new ChannelOutput(channel, SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA);
    }

    /** Sends {@code data}; {@code then} runs once it was written (or could not be: the channel is gone). */
    void send(byte[] data, Runnable then) {
        synchronized (this) {
            queue.add(new Chunk(data, then));
        }
        pump();
    }

    /** The client made room in its window: send what waited for it. */
    void windowExpanded() {
        pump();
    }

    private void pump() {
        while (true) {
            IoWriteFuture written;
            Chunk done;
            synchronized (this) {
                Chunk c = queue.peek();
                if (c == null) {
                    return;
                }
                RemoteWindow window = channel.getRemoteWindow();
                int length = (int) Math.min(c.data.length - c.sent, Math.min(window.getSize(), window.getPacketSize()));
                if (length <= 0 && c.sent < c.data.length) {
                    return; // windowExpanded() comes back
                }
                written = null;
                if (length > 0) {
                    window.consume(length);
                    try {
                        written = channel.writePacket(packet(c, length));
                    } catch (IOException | RuntimeException e) {
                        c.sent = c.data.length; // the channel is closing: the data goes nowhere
                    }
                }
                done = c.sent == c.data.length ? queue.poll() : null;
            }
            if (done != null) {
                if (written == null) {
                    done.then.run();
                } else {
                    written.addListener(f -> done.then.run());
                }
            }
        }
    }

    private Buffer packet(Chunk c, int length) {
        Buffer buffer = channel.getSession().createBuffer(command, length + 12);
        buffer.putUInt(channel.getRecipient());
        if (command == SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA) {
            buffer.putUInt(SshConstants.SSH_EXTENDED_DATA_STDERR);
        }
        buffer.putUInt(length);
        buffer.putRawBytes(c.data, c.sent, length);
        c.sent += length;
        return buffer;
    }
}
