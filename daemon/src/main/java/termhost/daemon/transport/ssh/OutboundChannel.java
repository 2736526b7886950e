package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.os.Posix;
import termhost.daemon.terminal.TerminalIo;

/**
 * A channel the server opens towards the client for a socket the user's helper made: a
 * {@code forwarded-tcpip} for a connection accepted on an {@code ssh -R} listener, an
 * {@code auth-agent@openssh.com} for one accepted on a session's agent socket. Its bytes move
 * as a {@code direct-tcpip} channel's do (see {@link ForwardedStream}); if the client refuses it,
 * the socket closes.
 */
final class OutboundChannel extends AbstractClientChannel {
    private final Consumer<Buffer> openData;
    private final ForwardedStream stream;

    /**
     * @param type the channel type
     * @param openData writes the type's fields after the window sizes of the open request
     * @param fd the socket, which the channel takes over
     */
    OutboundChannel(String type, Consumer<Buffer> openData, TerminalIo io, int fd) throws IOException {
        super(type);
        this.openData = openData;
        this.stream = new ForwardedStream(this, io, fd);
        addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                stream.close();
            }
        });
    }

    /**
     * Opens a channel of {@code type} on {@code connection} for {@code fd}, which it takes over: the
     * socket closes with the channel, or at once when it cannot be opened.
     */
    static void openOn(ServerSession connection, String type, Consumer<Buffer> openData, TerminalIo io, int fd) {
        OutboundChannel channel;
        try {
            channel = new OutboundChannel(type, openData, io, fd);
        } catch (IOException e) {
            Posix.close(fd);
            return;
        }
        try {
            connection.getService(ConnectionService.class).registerChannel(channel);
            channel.open();
        } catch (IOException | RuntimeException e) {
            channel.close(true); // its socket closes with it
        }
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        openFuture = new DefaultOpenFuture(toString(), futureLock);
        LocalWindow window = getLocalWindow();
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, 128);
        buffer.putString(getChannelType());
        buffer.putUInt(getChannelId());
        buffer.putUInt(window.getSize());
        buffer.putUInt(window.getPacketSize());
        openData.accept(buffer);
        writePacket(buffer);
        return openFuture;
    }

    /** The client took the channel: the socket's bytes start moving. */
    @Override
    protected void doOpen() {
        stream.start(this::sendEof);
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) {
        stream.fromClient(data, off, (int) len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException(getChannelType() + " has no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        stream.clientEof();
    }

    @Override
    public void handleWindowAdjust(Buffer buffer) throws IOException {
        super.handleWindowAdjust(buffer);
        stream.windowExpanded();
    }
}
