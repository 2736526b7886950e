package termhost.daemon.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;

/** A control client built only from the JDK, as the commands talk to the daemon. */
final class ControlTestClient {
    private ControlTestClient() {
    }

    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    /** Sends {@code request} and returns every reply until the server closes. */
    static List<Message> exchange(Path socket, Message request) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            WireCodec.write(new DataOutputStream(Channels.newOutputStream(channel)), request);
            return readAll(channel);
        }
    }

    /** Sends raw bytes, optionally half-closes, and returns every reply until the server closes. */
    static List<Message> exchangeRaw(Path socket, byte[] bytes, boolean halfClose) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            channel.write(ByteBuffer.wrap(bytes));
            if (halfClose) {
                channel.shutdownOutput();
            }
            return readAll(channel);
        }
    }

    static List<Message> readAll(SocketChannel channel) throws IOException {
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        List<Message> replies = new ArrayList<>();
        for (Message m; (m = WireCodec.read(in)) != null; ) {
            replies.add(m);
        }
        return replies;
    }
}
