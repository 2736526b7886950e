package termhost.daemon.transport.ssh;

import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.session.ForwardedAgent;
import termhost.daemon.terminal.TerminalIo;

/**
 * The agent of an SSH connection's client, once it asked for agent forwarding
 * ({@code auth-agent-req@openssh.com}) and the policy allowed it: each connection to a session's
 * agent socket that reaches it goes to the client on an {@code auth-agent@openssh.com} channel, its
 * bytes moved by the I/O loop as a forward's are.
 */
final class ClientAgent implements ForwardedAgent {
    private static final AttributeKey<ClientAgent> KEY = new AttributeKey<>();

    private final ServerSession connection;
    private final TerminalIo io;

    private ClientAgent(ServerSession connection, TerminalIo io) {
        this.connection = connection;
        this.io = io;
    }

    /** {@code connection}'s client forwards its agent, allowed: from now on its sessions may reach it. */
    static void offered(ServerSession connection, TerminalIo io) {
        connection.computeAttributeIfAbsent(KEY, k -> new ClientAgent(connection, io));
    }

    /** The agent of {@code connection}'s client, if it forwards one and the connection is open. */
    static Optional<ForwardedAgent> of(ServerSession connection) {
        ClientAgent a = connection.getAttribute(KEY);
        return a != null && connection.isOpen() ? Optional.of(a) : Optional.empty();
    }

    @Override
    public int uid() {
        return ChannelCommand.userOf(connection).uid();
    }

    @Override
    public void open(int fd) {
        OutboundChannel.openOn(connection, "auth-agent@openssh.com", b -> { }, io, fd);
    }
}
