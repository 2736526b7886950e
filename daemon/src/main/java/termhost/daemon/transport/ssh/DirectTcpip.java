package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.os.Posix;
import termhost.daemon.session.Tunnels;
import termhost.daemon.terminal.TerminalIo;

/**
 * A {@code direct-tcpip} channel ({@code ssh -L}, and {@code ssh -D}, whose SOCKS the client
 * speaks itself): the connection is made by the connection's helper, as the user in the tunnel
 * session's cgroup (see {@link Tunnels}), never by the JVM: an owner-match firewall rule stops it
 * as it stops the user's own programs. The channel opens once the connection is made; it fails
 * with the kernel's reason (refused, unreachable) as sshd's does.
 */
final class DirectTcpip extends AbstractServerChannel {
    private static final Logger log = LoggerFactory.getLogger(DirectTcpip.class);

    static ChannelFactory factory(Tunnels tunnels, TerminalIo io) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "direct-tcpip";
            }

            @Override
            public Channel createChannel(Session session) {
                return new DirectTcpip(tunnels, io);
            }
        };
    }

    private final Tunnels tunnels;
    private final TerminalIo io;
    private volatile ForwardedStream stream;

    private DirectTcpip(Tunnels tunnels, TerminalIo io) {
        super("", List.of(), null);
        this.tunnels = tunnels;
        this.io = io;
        addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                ForwardedStream s = stream;
                if (s != null) {
                    s.close();
                }
            }
        });
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String host = buffer.getString();
        int port = (int) buffer.getUInt();
        String originator = buffer.getString() + ":" + buffer.getUInt();
        OpenFuture f = new DefaultOpenFuture(this, futureLock);
        ConnectionForwards forwards = ConnectionForwards.of((ServerSession) getSession(), tunnels);
        String what = "direct-tcpip to " + host + ":" + port + " (from " + originator + ")";
        Optional<String> refusal = forwards.permits().refuseConnect(host, port);
        if (refusal.isPresent()) {
            forwards.refused("denied", what + ": " + refusal.get());
            fail(f, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, refusal.get());
            return f;
        }
        ConnectionForwards.WORK.execute(() -> {
            try {
                forwards.tunnel().helper().connect(host, port).whenComplete((opened, e) -> {
                    if (e != null) {
                        forwards.refused("failed", what + ": " + e.getMessage());
                        fail(f, e instanceof NetHelper.Refused ? SshConstants.SSH_OPEN_CONNECT_FAILED
                                : SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, e.getMessage());
                    } else {
                        connected(f, opened, forwards, what);
                    }
                });
            } catch (IOException | RuntimeException e) {
                log.warn("{}: {}: {}", forwards.actor().source(), what, e.getMessage());
                forwards.refused("failed", what + ": " + e.getMessage());
                fail(f, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, e.getMessage());
            }
        });
        return f;
    }

    private void connected(OpenFuture f, NetHelper.Opened opened, ConnectionForwards forwards, String what) {
        ForwardedStream s;
        try {
            s = new ForwardedStream(this, io, opened.fd());
        } catch (IOException e) {
            Posix.close(opened.fd());
            fail(f, SshConstants.SSH_OPEN_CONNECT_FAILED, e.getMessage());
            return;
        }
        stream = s;
        forwards.opened(what);
        signalChannelOpenSuccess();
        f.setOpened();
        if (isClosing()) { // the client gave up meanwhile
            s.close();
            return;
        }
        s.start(this::sendEof);
    }

    private void fail(OpenFuture f, int reason, String message) {
        SshChannelOpenException problem = new SshChannelOpenException(getChannelId(), reason, message);
        signalChannelOpenFailure(problem);
        try {
            f.setException(problem);
        } finally {
            close(true);
        }
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) {
        stream.fromClient(data, off, (int) len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("a direct-tcpip channel has no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        ForwardedStream s = stream;
        if (s != null) {
            s.clientEof();
        }
    }

    @Override
    public void handleWindowAdjust(Buffer buffer) throws IOException {
        super.handleWindowAdjust(buffer);
        ForwardedStream s = stream;
        if (s != null) {
            s.windowExpanded();
        }
    }
}
