package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.ForwardingPermits;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Tunnels;
import termhost.daemon.terminal.TerminalIo;

/**
 * The forwards of one SSH connection: what its key permits, its tunnel session (see
 * {@link Tunnels}), opened at the first forward and logged off when the connection ends, and its
 * {@code -R} listeners, closed then too.
 */
final class ConnectionForwards {
    private static final AttributeKey<ConnectionForwards> KEY = new AttributeKey<>();
    /** Opening a tunnel starts a session and a process; ending one waits for a logoff: never on MINA's threads. */
    static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward");
        t.setDaemon(true);
        return t;
    });

    /** How long a listen may take in the helper (a bind is quick; a stuck helper is not waited for). */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private final ServerSession connection;
    private final Tunnels tunnels;
    /** Guarded by this. */
    private Tunnels.Tunnel tunnel;
    private boolean ended;
    /** Guarded by this: the global requests' work, one after the other (see {@link #inOrder}). */
    private CompletableFuture<Void> requests = CompletableFuture.completedFuture(null);
    /** Guarded by this: the -R listeners, by "address:port" as the client names them to cancel. */
    private final Map<String, TerminalIo.Acceptor> listeners = new HashMap<>();

    private ConnectionForwards(ServerSession connection, Tunnels tunnels) {
        this.connection = connection;
        this.tunnels = tunnels;
    }

    /** The forwards of {@code connection} (made at the first ask). */
    static ConnectionForwards of(ServerSession connection, Tunnels tunnels) {
        return connection.computeAttributeIfAbsent(KEY, k -> new ConnectionForwards(connection, tunnels));
    }

    /** What the connection may forward: redirect.* ∧ Virtual Channels ∧ the key's options, decided at logon. */
    ForwardingPermits permits() {
        return ForwardingPermits.of(ConnectionRedirections.decided(connection), PublicKeyLogon.keyOptions(connection));
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

    /**
     * {@code ssh -R}: a listener bound by the helper, as the user (so the kernel refuses a port
     * below {@code ip_unprivileged_port_start}), on loopback only whatever the client asked for
     * (sshd's {@code GatewayPorts no}); each connection it accepts goes to the client on a
     * {@code forwarded-tcpip} channel. Returns the bound port. Blocks: off MINA's threads.
     */
    int listen(String address, int port, TerminalIo io) throws IOException {
        NetHelper.Opened l;
        try {
            l = tunnel().helper().listen(loopbackFor(address), port).get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io2 ? io2 : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("the forwarding helper did not answer", e);
        }
        int bound = l.port();
        TerminalIo.Acceptor acceptor = io.accept(l.fd(), fd -> WORK.execute(() -> forwarded(fd, address, bound, io)));
        synchronized (this) {
            if (ended) {
                acceptor.close();
                throw new IOException("the connection has ended");
            }
            TerminalIo.Acceptor before = listeners.put(address + ":" + bound, acceptor);
            if (before != null) {
                before.close();
            }
        }
        return bound;
    }

    /** {@code cancel-tcpip-forward}: true when there was such a listener; it is closed. */
    boolean cancel(String address, int port) {
        TerminalIo.Acceptor a;
        synchronized (this) {
            a = listeners.remove(address + ":" + port);
        }
        if (a != null) {
            a.close();
        }
        return a != null;
    }

    /**
     * Runs the work of a global request off MINA's threads, after the work of those before it: their
     * replies must go out in the order they were asked (RFC 4254, 4), and a client that asks for
     * two -R listeners at once matches the answers by that order.
     */
    synchronized void inOrder(Runnable work) {
        requests = requests.thenRunAsync(work, WORK);
    }

    /** Binds to loopback only: IPv6's for an IPv6 address, else IPv4's ("", "*", "0.0.0.0", "localhost", ...). */
    static String loopbackFor(String requested) {
        return requested.contains(":") ? "::1" : "127.0.0.1";
    }

    /** A connection accepted on the listener for {@code address}:{@code port}: to the client on a channel of its own. */
    private void forwarded(int fd, String address, int port, TerminalIo io) {
        OutboundChannel.openOn(connection, "forwarded-tcpip", b -> {
            b.putString(address);
            b.putUInt(port);
            b.putString("127.0.0.1"); // the originator: the listener is on loopback
            b.putUInt(0);
        }, io, fd);
    }

    /** {@code connection} ended: its tunnel, if it had one, ends with it. */
    static void connectionClosed(ServerSession connection) {
        ConnectionForwards f = connection.getAttribute(KEY);
        if (f == null) {
            return;
        }
        Tunnels.Tunnel t;
        List<TerminalIo.Acceptor> listening;
        synchronized (f) {
            f.ended = true;
            t = f.tunnel;
            listening = List.copyOf(f.listeners.values());
            f.listeners.clear();
        }
        listening.forEach(TerminalIo.Acceptor::close);
        if (t != null) {
            Actor actor = Actor.daemon("ssh " + ChannelCommand.addressOf(connection));
            WORK.execute(() -> f.tunnels.close(t, actor, "its connection ended"));
        }
    }
}
