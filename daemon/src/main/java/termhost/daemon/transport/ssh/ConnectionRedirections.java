package termhost.daemon.transport.ssh;

import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.RedirectionGate;
import termhost.daemon.os.OsUser;
import termhost.daemon.policy.Redirections;
import termhost.daemon.policy.Redirections.Kind;
import termhost.daemon.terminal.TerminalIo;

/**
 * What each SSH connection may redirect, decided by {@link RedirectionGate} once, when the connection
 * has logged on, and kept on it ({@link #decided}): the forwarding code ({@link ConnectionForwards})
 * asks it before each forward. It is also MINA's forwarding filter, so an agent or X11 request
 * passes the policy too, audited (a refusal with the reason); MINA's own TCP forwarding and agents
 * (in the JVM, as root) are never used.
 */
final class ConnectionRedirections implements SessionListener, ForwardingFilter {
    private static final AttributeKey<Redirections> REDIRECTIONS = new AttributeKey<>();
    private static final AttributeKey<ConnectionRedirections> POLICY = new AttributeKey<>();
    private final RedirectionGate gate;
    private final TerminalIo io;

    ConnectionRedirections(RedirectionGate gate, TerminalIo io) {
        this.gate = gate;
        this.io = io;
    }

    /**
     * What {@code connection} may redirect: decided at its logon, then kept; nothing before it has
     * logged on. The effective value of {@code redirect.*} ∧ Virtual Channels ∧ the key's options.
     */
    Redirections of(Session connection) {
        OsUser user = connection.getAttribute(PublicKeyLogon.OS_USER);
        if (user == null || !connection.isAuthenticated() || !(connection instanceof ServerSession s)) {
            // not reached: MINA opens no channel and takes no global request before the logon
            return Redirections.of(Redirections.Host.DEFAULTS, false, Redirections.Key.ANY);
        }
        return s.computeAttributeIfAbsent(REDIRECTIONS, k -> gate.decide(user, PublicKeyLogon.keyOptions(s)));
    }

    /** What {@code connection} may redirect, for code that has no reference to the policy. */
    static Redirections decided(Session connection) {
        ConnectionRedirections policy = connection.getAttribute(POLICY);
        return policy != null ? policy.of(connection)
                : Redirections.of(Redirections.Host.DEFAULTS, false, Redirections.Key.ANY);
    }

    @Override
    public void sessionCreated(Session session) {
        session.setAttribute(POLICY, this);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            of(session); // once per connection, as the Logon right: a later change of rights applies to new ones
        }
    }

    /**
     * The mode of an SFTP server for {@code connection}: empty when refused (audited), else the
     * flags for {@code sftp-server} ({@code -R} when read-only), its opening audited.
     */
    Optional<String> sftpFlags(ServerSession connection) {
        Redirections r = of(connection);
        var actor = ChannelCommand.actorOf(connection);
        return switch (r.files()) {
            case OFF -> {
                gate.refused(actor, AuditType.FILE_TRANSFER, "sftp", r.refusal(Kind.FILES));
                yield Optional.empty();
            }
            case READ_ONLY -> {
                gate.opened(actor, AuditType.FILE_TRANSFER, "sftp", "read-only: " + r.refusal(Kind.FILE_WRITES));
                yield Optional.of(" -R");
            }
            case ON -> {
                gate.opened(actor, AuditType.FILE_TRANSFER, "sftp", null);
                yield Optional.of("");
            }
        };
    }

    /**
     * {@code ssh -A}: when the policy allows it, the connection's client agent is offered to the
     * sessions it starts or reconnects to (see {@link ClientAgent}), audited; else refused, audited
     * with the reason.
     */
    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        ServerSession connection = (ServerSession) session;
        String why = of(session).refusal(Kind.AGENT);
        var actor = ChannelCommand.actorOf(connection);
        if (why != null) {
            gate.refused(actor, AuditType.AGENT_FORWARD, "agent forwarding (-A)", why);
            return false;
        }
        gate.opened(actor, AuditType.AGENT_FORWARD, "agent forwarding (-A)", null);
        ClientAgent.offered(connection, io);
        return true;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false; // off, as sshd's default X11Forwarding no; there is no redirect.x11 yet
    }

    /** MINA's own listeners ({@code -R} in the JVM): never; RemoteForwardRequests asks {@link #decided}. */
    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return false;
    }

    /** MINA's own connections ({@code -L} in the JVM): never; DirectChannel asks {@link #decided}. */
    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return false;
    }
}
