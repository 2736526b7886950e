package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
    /** Keys of Unix socket listeners in {@link #listeners}: never an "address:port". */
    private static final String PATH_KEY = "unix ";
    /** Opening a tunnel starts a session and a process; ending one waits for a logoff: never on MINA's threads. */
    static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward");
        t.setDaemon(true);
        return t;
    });

    /** How long a listen may take in the helper. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private final ServerSession connection;
    private final Tunnels tunnels;
    /** Guarded by this. */
    private Tunnels.Tunnel tunnel;
    private boolean ended;
    /** Guarded by this: the global requests' work, one after the other (see {@link #inOrder}). */
    private CompletableFuture<Void> requests = CompletableFuture.completedFuture(null);
    /**
     * Guarded by this: the -R listeners (one per loopback bound), by "address:port" as the client
     * names them to cancel, or by {@link #PATH_KEY} and the socket path.
     */
    private final Map<String, List<TerminalIo.Acceptor>> listeners = new HashMap<>();

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

    ServerSession connection() {
        return connection;
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

    /** An {@code -R} listener: the port bound and the loopback addresses it is bound on. */
    record Listening(int port, List<String> addresses) {
        /** "127.0.0.1:PORT and [::1]:PORT", for the audit row. */
        String where() {
            return String.join(" and ", addresses.stream()
                    .map(a -> (a.contains(":") ? "[" + a + "]" : a) + ":" + port).toList());
        }
    }

    /**
     * {@code ssh -R}: listeners bound by the helper, as the user (so the kernel refuses a port below
     * {@code ip_unprivileged_port_start}), on loopback only whatever the client asked for, as sshd
     * binds them under {@code GatewayPorts no} ({@link #loopbacksFor}); each connection they accept
     * goes to the client on a {@code forwarded-tcpip} channel. Fails only when no address could be
     * bound, as sshd's. Blocks: off MINA's threads.
     */
    Listening listen(String address, int port, TerminalIo io) throws IOException {
        List<String> bound = new ArrayList<>();
        List<TerminalIo.Acceptor> acceptors = new ArrayList<>();
        IOException failure = null;
        int listenPort = port;
        try {
            for (String loopback : loopbacksFor(address)) {
                NetHelper.Opened l;
                try {
                    l = open(loopback, listenPort);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                    continue;
                }
                // the first bound port is every address's, as sshd reuses a port it was given
                listenPort = l.port();
                int onPort = listenPort;
                acceptors.add(io.accept(l.fd(), fd -> WORK.execute(() -> forwarded(fd, address, onPort, loopback,
                        io))));
                bound.add(loopback);
            }
        } catch (RuntimeException e) {
            acceptors.forEach(TerminalIo.Acceptor::close);
            throw e;
        }
        if (bound.isEmpty()) {
            throw failure;
        }
        keep(address + ":" + listenPort, acceptors);
        return new Listening(listenPort, List.copyOf(bound));
    }

    /**
     * {@code ssh -R PATH:...}: a Unix socket listener at {@code path}, bound by the helper as the
     * user (so the directory's permissions are the user's to pass), mode 0600; each connection it
     * accepts goes to the client on a {@code forwarded-streamlocal@openssh.com} channel. Blocks:
     * off MINA's threads.
     */
    void listenPath(String path, TerminalIo io) throws IOException {
        NetHelper.Opened l = answer(tunnel().helper().bindUnix(path));
        keep(PATH_KEY + path, List.of(io.accept(l.fd(), fd -> WORK.execute(() -> OutboundChannel.openOn(connection,
                "forwarded-streamlocal@openssh.com", b -> {
                    b.putString(path);
                    b.putString(""); // reserved
                }, io, fd)))));
    }

    /** Keeps {@code acceptors} as the listener {@code key}, replacing one of that key; closes them if the connection ended. */
    private void keep(String key, List<TerminalIo.Acceptor> acceptors) throws IOException {
        List<TerminalIo.Acceptor> before;
        synchronized (this) {
            if (ended) {
                acceptors.forEach(TerminalIo.Acceptor::close);
                throw new IOException("the connection has ended");
            }
            before = listeners.put(key, acceptors);
        }
        if (before != null) {
            before.forEach(TerminalIo.Acceptor::close);
        }
    }

    private NetHelper.Opened open(String loopback, int port) throws IOException {
        return answer(tunnel().helper().listen(loopback, port));
    }

    /** The helper's answer to a listen: a bind is quick, a stuck helper is not waited for. */
    private static NetHelper.Opened answer(CompletableFuture<NetHelper.Opened> listening) throws IOException {
        try {
            return listening.get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io2 ? io2 : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("the forwarding helper did not answer", e);
        }
    }

    /** {@code cancel-tcpip-forward}: true when there was such a listener; it is closed. */
    boolean cancel(String address, int port) {
        return cancel(address + ":" + port);
    }

    /** {@code cancel-streamlocal-forward@openssh.com}: true when there was such a listener; it is closed, its file left. */
    boolean cancelPath(String path) {
        return cancel(PATH_KEY + path);
    }

    private boolean cancel(String key) {
        List<TerminalIo.Acceptor> a;
        synchronized (this) {
            a = listeners.remove(key);
        }
        if (a != null) {
            a.forEach(TerminalIo.Acceptor::close);
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

    /**
     * Where a listener asked for on {@code requested} is bound: loopback only, as sshd's
     * {@code channel_fwd_bind_addr} under {@code GatewayPorts no}. The loopback address the client
     * names, else ("localhost", "", "*", "0.0.0.0", any other) both of them, as getaddrinfo gives
     * loopback for no address: a client on the host reaches the port by either family.
     */
    static List<String> loopbacksFor(String requested) {
        return switch (requested) {
            case "127.0.0.1" -> List.of("127.0.0.1");
            case "::1" -> List.of("::1");
            default -> List.of("127.0.0.1", "::1");
        };
    }

    /**
     * A connection accepted on the listener for {@code address}:{@code port} (bound on {@code loopback}):
     * to the client on a channel of its own.
     */
    private void forwarded(int fd, String address, int port, String loopback, TerminalIo io) {
        OutboundChannel.openOn(connection, "forwarded-tcpip", b -> {
            b.putString(address);
            b.putUInt(port);
            b.putString(loopback); // the originator: the listener is on loopback, so is every peer
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
            listening = f.listeners.values().stream().flatMap(List::stream).toList();
            f.listeners.clear();
        }
        listening.forEach(TerminalIo.Acceptor::close);
        if (t != null) {
            Actor actor = Actor.daemon("ssh " + ChannelCommand.addressOf(connection));
            WORK.execute(() -> f.tunnels.close(t, actor, "its connection ended"));
        }
    }
}
