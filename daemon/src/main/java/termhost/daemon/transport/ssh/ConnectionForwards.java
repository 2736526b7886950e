package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.ForwardingPermits;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Tunnels;

/**
 * The forwards of one SSH connection: what its key permits, and its tunnel session (see
 * {@link Tunnels}), opened at the first forward and logged off when the connection ends.
 */
final class ConnectionForwards {
    private static final AttributeKey<ConnectionForwards> KEY = new AttributeKey<>();
    /** Opening a tunnel starts a session and a process; ending one waits for a logoff: never on MINA's threads. */
    static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward");
        t.setDaemon(true);
        return t;
    });

    private final ServerSession connection;
    private final Tunnels tunnels;
    /** Guarded by this. */
    private Tunnels.Tunnel tunnel;
    private boolean ended;

    private ConnectionForwards(ServerSession connection, Tunnels tunnels) {
        this.connection = connection;
        this.tunnels = tunnels;
    }

    /** The forwards of {@code connection} (made at the first ask). */
    static ConnectionForwards of(ServerSession connection, Tunnels tunnels) {
        return connection.computeAttributeIfAbsent(KEY, k -> new ConnectionForwards(connection, tunnels));
    }

    /** What the connection's logon permits. */
    ForwardingPermits permits() {
        return ForwardingPermits.of(PublicKeyLogon.keyOptions(connection));
    }

    Actor actor() {
        return ChannelCommand.actorOf(connection);
    }

    /** The connection's tunnel, opened now if it is the first forward. Blocks: off MINA's threads. */
    synchronized Tunnels.Tunnel tunnel() throws IOException {
        if (ended) {
            throw new IOException("the connection has ended");
        }
        if (tunnel == null) {
            tunnel = tunnels.open(ChannelCommand.userOf(connection), ChannelCommand.addressOf(connection), actor());
        }
        return tunnel;
    }

    void opened(String detail) {
        Tunnels.Tunnel t;
        synchronized (this) {
            t = tunnel;
        }
        tunnels.opened(t, actor(), detail);
    }

    /** A forward refused: {@code outcome} {@code denied} (a rule) or {@code failed} (the network, the helper). */
    void refused(String outcome, String detail) {
        Tunnels.Tunnel t;
        synchronized (this) {
            t = tunnel;
        }
        tunnels.refused(t, ChannelCommand.userOf(connection), actor(), outcome, detail);
    }

    /** {@code connection} ended: its tunnel, if it had one, ends with it. */
    static void connectionClosed(ServerSession connection) {
        ConnectionForwards f = connection.getAttribute(KEY);
        if (f == null) {
            return;
        }
        Tunnels.Tunnel t;
        synchronized (f) {
            f.ended = true;
            t = f.tunnel;
        }
        if (t != null) {
            Actor actor = Actor.daemon("ssh " + ChannelCommand.addressOf(connection));
            WORK.execute(() -> f.tunnels.close(t, actor, "its connection ended"));
        }
    }
}
