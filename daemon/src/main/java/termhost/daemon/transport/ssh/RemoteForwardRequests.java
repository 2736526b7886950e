package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.Optional;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.session.Tunnels;
import termhost.daemon.terminal.TerminalIo;

/**
 * The global requests of {@code ssh -R}: {@code tcpip-forward} and {@code cancel-tcpip-forward},
 * in place of MINA's handlers, which bind in the JVM as root (any port, no firewall rule of the
 * user's), and OpenSSH's {@code streamlocal-forward@openssh.com} and its cancel, for a Unix
 * socket ({@code ssh -R PATH:...}), which MINA lacks. The listener is the user's, made by the
 * connection's helper (see {@link ConnectionForwards#listen}, {@link ConnectionForwards#listenPath});
 * the reply comes once it is bound, or refused.
 */
final class RemoteForwardRequests implements ConnectionServiceRequestHandler {
    private final Tunnels tunnels;
    private final TerminalIo io;

    RemoteForwardRequests(Tunnels tunnels, TerminalIo io) {
        this.tunnels = tunnels;
        this.io = io;
    }

    @Override
    public RequestHandler.Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        ServerSession connection = (ServerSession) service.getSession();
        switch (request) {
            case "tcpip-forward", "cancel-tcpip-forward" -> {
                String address = buffer.getString();
                int port = (int) buffer.getUInt();
                ConnectionForwards forwards = ConnectionForwards.of(connection, tunnels);
                if (request.startsWith("cancel-")) {
                    forwards.inOrder(() -> reply(connection, wantReply, forwards.cancel(address, port) ? 0 : -1));
                } else {
                    Optional<String> refusal = port > 65535 ? Optional.of("no such port")
                            : forwards.permits().refuseListen(address, port);
                    listen(forwards, wantReply, "tcpip-forward on " + address + ":" + port, refusal, () -> {
                        ConnectionForwards.Listening bound = forwards.listen(address, port, io);
                        return new Bound(", listening on " + bound.where(), port == 0 ? bound.port() : 0);
                    });
                }
            }
            case "streamlocal-forward@openssh.com", "cancel-streamlocal-forward@openssh.com" -> {
                String path = buffer.getString();
                ConnectionForwards forwards = ConnectionForwards.of(connection, tunnels);
                if (request.startsWith("cancel-")) {
                    forwards.inOrder(() -> reply(connection, wantReply, forwards.cancelPath(path) ? 0 : -1));
                } else {
                    listen(forwards, wantReply, "streamlocal-forward on " + path,
                            forwards.permits().refuseListenPath(path), () -> {
                                forwards.listenPath(path, io);
                                return new Bound("", 0);
                            });
                }
            }
            default -> {
                return RequestHandler.Result.Unsupported;
            }
        }
        return RequestHandler.Result.Replied;
    }

    /** A listener made: what the audit row adds to the request, and the port to reply with (0: none). */
    private record Bound(String detail, int replyPort) {
    }

    private interface Listen {
        Bound listen() throws IOException;
    }

    /**
     * A listen request, refused at once or made (binding waits for the helper and, at the first
     * forward, for the tunnel session: not on MINA's thread), audited, and answered in order.
     */
    private static void listen(ConnectionForwards forwards, boolean wantReply, String what, Optional<String> refusal,
            Listen work) {
        ServerSession connection = forwards.connection();
        if (refusal.isPresent()) {
            forwards.refused("denied", what + ": " + refusal.get());
            forwards.inOrder(() -> reply(connection, wantReply, -1));
            return;
        }
        forwards.inOrder(() -> {
            Bound bound;
            try {
                bound = work.listen();
            } catch (IOException | RuntimeException e) {
                forwards.refused("failed", what + ": " + e.getMessage());
                reply(connection, wantReply, -1);
                return;
            }
            forwards.opened(what + bound.detail());
            reply(connection, wantReply, bound.replyPort());
        });
    }

    /** Success (with the port the client asked us to pick, RFC 4254 7.1), or failure when {@code port} < 0. */
    private static void reply(ServerSession connection, boolean wantReply, int port) {
        if (!wantReply) {
            return;
        }
        try {
            Buffer b = connection.createBuffer(port < 0 ? SshConstants.SSH_MSG_REQUEST_FAILURE
                    : SshConstants.SSH_MSG_REQUEST_SUCCESS, 8);
            if (port > 0) {
                b.putUInt(port);
            }
            connection.writePacket(b);
        } catch (IOException e) {
            connection.close(true);
        }
    }
}
