package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
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
import termhost.daemon.authz.ForwardingPermits;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.os.Posix;
import termhost.daemon.session.Tunnels;
import termhost.daemon.terminal.TerminalIo;

/**
 * A channel to a socket the client asks the server to connect to: {@code direct-tcpip}
 * ({@code ssh -L}, and {@code ssh -D}, whose SOCKS the client speaks itself) and
 * {@code direct-streamlocal@openssh.com} ({@code ssh -L ...:PATH}, a Unix socket). The connection
 * is made by the connection's helper, as the user in the tunnel session's cgroup (see
 * {@link Tunnels}), never by the JVM: an owner-match firewall rule stops it as it stops the user's
 * own programs, and a socket file's permissions are the user's to pass. The channel opens once the
 * connection is made; it fails with the kernel's reason (refused, unreachable) as sshd's does.
 */
final class DirectChannel extends AbstractServerChannel {
    private static final Logger log = LoggerFactory.getLogger(DirectChannel.class);

    /** What a channel's open request asks to connect to: checked, then connected to by the helper. */
    private interface Target {
        /** For the audit: "direct-tcpip to HOST:PORT (from ...)". */
        String what();

        Optional<String> refusal(ForwardingPermits permits);

        CompletableFuture<NetHelper.Opened> connect(NetHelper helper);
    }

    /** {@code direct-tcpip} (RFC 4254, 7.2): host, port, originator address and port. */
    static ChannelFactory tcpip(Tunnels tunnels, TerminalIo io) {
        return factory("direct-tcpip", tunnels, io, b -> {
            String host = b.getString();
            int port = (int) b.getUInt();
            String originator = b.getString() + ":" + b.getUInt();
            return new Target() {
                @Override
                public String what() {
                    return "direct-tcpip to " + host + ":" + port + " (from " + originator + ")";
                }

                @Override
                public Optional<String> refusal(ForwardingPermits permits) {
                    return permits.refuseConnect(host, port);
                }

                @Override
                public CompletableFuture<NetHelper.Opened> connect(NetHelper helper) {
                    return helper.connect(host, port);
                }
            };
        });
    }

    /** {@code direct-streamlocal@openssh.com} (OpenSSH's PROTOCOL, 2.4): the socket path, then two reserved fields. */
    static ChannelFactory streamlocal(Tunnels tunnels, TerminalIo io) {
        return factory("direct-streamlocal@openssh.com", tunnels, io, b -> {
            String path = b.getString();
            return new Target() {
                @Override
                public String what() {
                    return "direct-streamlocal to " + path;
                }

                @Override
                public Optional<String> refusal(ForwardingPermits permits) {
                    return permits.refuseConnectPath(path);
                }

                @Override
                public CompletableFuture<NetHelper.Opened> connect(NetHelper helper) {
                    return helper.connectUnix(path);
                }
            };
        });
    }

    private static ChannelFactory factory(String type, Tunnels tunnels, TerminalIo io, Function<Buffer, Target> read) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return type;
            }

            @Override
            public Channel createChannel(Session session) {
                return new DirectChannel(tunnels, io, read);
            }
        };
    }

    private final Tunnels tunnels;
    private final TerminalIo io;
    private final Function<Buffer, Target> read;
    private volatile ForwardedStream stream;

    private DirectChannel(Tunnels tunnels, TerminalIo io, Function<Buffer, Target> read) {
        super("", List.of(), null);
        this.tunnels = tunnels;
        this.io = io;
        this.read = read;
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
        Target target = read.apply(buffer);
        OpenFuture f = new DefaultOpenFuture(this, futureLock);
        ConnectionForwards forwards = ConnectionForwards.of((ServerSession) getSession(), tunnels);
        String what = target.what();
        Optional<String> refusal = target.refusal(forwards.permits());
        if (refusal.isPresent()) {
            forwards.refused("denied", what + ": " + refusal.get());
            fail(f, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, refusal.get());
            return f;
        }
        ConnectionForwards.WORK.execute(() -> {
            try {
                target.connect(forwards.tunnel().helper()).whenComplete((opened, e) -> {
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
        throw new IOException("a channel of a forwarded socket has no extended data");
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
