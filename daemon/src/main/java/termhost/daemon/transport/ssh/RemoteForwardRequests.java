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
 * user's). The listener is the user's, made by the connection's helper (see
 * {@link ConnectionForwards#listen}); the reply comes once it is bound, or refused.
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
        boolean forward = request.equals("tcpip-forward");
        if (!forward && !request.equals("cancel-tcpip-forward")) {
            return RequestHandler.Result.Unsupported;
        }
        String address = buffer.getString();
        int port = (int) buffer.getUInt();
        ServerSession connection = (ServerSession) service.getSession();
        ConnectionForwards forwards = ConnectionForwards.of(connection, tunnels);
        if (!forward) {
            forwards.inOrder(() -> reply(connection, wantReply, forwards.cancel(address, port) ? 0 : -1));
            return RequestHandler.Result.Replied;
        }
        String what = "tcpip-forward on " + address + ":" + port;
        Optional<String> refusal = forwards.permits().refuseListen(address, port);
        if (refusal.isPresent() || port > 65535) {
            forwards.refused("denied", what + ": " + refusal.orElse("no such port"));
            forwards.inOrder(() -> reply(connection, wantReply, -1));
            return RequestHandler.Result.Replied;
        }
        // binding waits for the helper (and, at the first forward, for the tunnel session): not on MINA's thread
        forwards.inOrder(() -> {
            ConnectionForwards.Listening bound;
            try {
                bound = forwards.listen(address, port, io);
            } catch (IOException | RuntimeException e) {
                forwards.refused("failed", what + ": " + e.getMessage());
                reply(connection, wantReply, -1);
                return;
            }
            forwards.opened(what + ", listening on " + bound.where());
            reply(connection, wantReply, port == 0 ? bound.port() : 0);
        });
        return RequestHandler.Result.Replied;
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
