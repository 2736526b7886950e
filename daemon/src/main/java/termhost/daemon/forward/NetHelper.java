package termhost.daemon.forward;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;
import termhost.daemon.os.UnixSockets;

/**
 * The daemon's side of a running {@code termhost-net} (daemon/src/main/c/termhost-net.c): the
 * helper that opens a session's forwarding sockets as the session's user, inside its cgroup, and
 * hands each one over. Requests go out as they come; replies come back in any order, matched by
 * id, read by one thread per helper that waits in recvmsg.
 *
 * <p>The helper is the user's process: the user may trace it and make it answer anything. So a
 * reply is parsed strictly, and a descriptor it brings is only ever read, written and accepted on
 * by the I/O loop: nothing a user could not do with their own socket.
 */
public final class NetHelper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetHelper.class);
    /** The helper's replies are shorter (its REPLY_MAX). */
    private static final int REPLY_MAX = 512;

    /** A socket the helper opened: ours to close; {@code port} its local port (for a listener, the bound one). */
    public record Opened(int fd, int port) {
    }

    /** The helper could not open the socket: {@code errno} says why (ECONNREFUSED, EACCES, ...). */
    public static final class Refused extends IOException {
        private final int errno;

        public Refused(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    private final int pid;
    private final int socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Opened>> pending = new ConcurrentHashMap<>();
    private volatile boolean ended;

    private NetHelper(int pid, int socket) {
        this.pid = pid;
        this.socket = socket;
    }

    /**
     * Starts the helper with {@code argv} (the helper's path last, after whatever runs it as the
     * user in the session's group) in {@code dir}.
     */
    public static NetHelper start(List<String> argv, String dir) throws IOException {
        Spawn.OnSocket s = Spawn.onSocket(argv, Map.of(), dir);
        NetHelper h = new NetHelper(s.pid(), s.socket());
        Thread reader = new Thread(h::readReplies, "net-helper-" + s.pid());
        reader.setDaemon(true);
        reader.start();
        return h;
    }

    /** The helper's process, in the session's group. */
    public int pid() {
        return pid;
    }

    /** A TCP connection to {@code host} (a name or an address) and {@code port}, made as the user. */
    public CompletableFuture<Opened> connect(String host, int port) {
        return request("connect", host, port);
    }

    /** A TCP listener on {@code address} (numeric) and {@code port} (0: any), bound as the user. */
    public CompletableFuture<Opened> listen(String address, int port) {
        return request("listen", address, port);
    }

    /**
     * A Unix stream listener at {@code path} (absolute, at most 107 bytes, in a directory of the
     * user's), mode 0600, bound as the user: the session's agent socket. A socket already at
     * {@code path} is replaced.
     */
    public CompletableFuture<Opened> listenUnix(String path) {
        return unix("listen-unix", path);
    }

    /**
     * A Unix stream listener at {@code path} (absolute), mode 0600, bound as the user, for
     * {@code ssh -R PATH:...}: a file already there fails it (EADDRINUSE), as sshd's
     * {@code StreamLocalBindUnlink no}; it stays when the listener closes.
     */
    public CompletableFuture<Opened> bindUnix(String path) {
        return unix("bind-unix", path);
    }

    /** A Unix stream socket connected to {@code path} (absolute) as the user, for {@code ssh -L ...:PATH}. */
    public CompletableFuture<Opened> connectUnix(String path) {
        return unix("connect-unix", path);
    }

    private CompletableFuture<Opened> unix(String verb, String path) {
        if (!path.startsWith("/") || path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107
                || !validHost(path)) {
            return CompletableFuture.failedFuture(new Refused(22, "invalid socket path " + path));
        }
        return send(verb + " " + path);
    }

    private CompletableFuture<Opened> request(String verb, String host, int port) {
        if (!validHost(host) || port < 0 || port > 65535) {
            return CompletableFuture.failedFuture(new Refused(22, "invalid address " + host + " port " + port));
        }
        return send(verb + " " + host + " " + port);
    }

    /** Sends {@code words}, a request after its id, and returns its reply to come. */
    private CompletableFuture<Opened> send(String words) {
        CompletableFuture<Opened> reply = new CompletableFuture<>();
        long id = ids.incrementAndGet();
        pending.put(id, reply);
        try {
            synchronized (this) {
                if (ended) {
                    throw new IOException("the forwarding helper has ended");
                }
                UnixSockets.send(socket, id + " " + words);
            }
        } catch (IOException e) {
            pending.remove(id);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** A name or address the helper can take as one word: no blanks or control characters, as DNS allows. */
    static boolean validHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private void readReplies() {
        try {
            for (Optional<UnixSockets.Message> m; (m = UnixSockets.receive(socket, REPLY_MAX)).isPresent(); ) {
                take(m.get());
            }
        } catch (IOException e) {
            log.warn("forwarding helper {}: {}", pid, e.getMessage());
        } finally {
            synchronized (this) { // close() must not shut down a number the kernel gave to another
                ended = true;
                Posix.close(socket);
            }
            pending.values().forEach(f -> f.completeExceptionally(new IOException("the forwarding helper has ended")));
            pending.clear();
            Spawn.reap(pid);
        }
    }

    /** One reply: {@code ID ok PORT} with a descriptor, or {@code ID err ERRNO TEXT}. */
    private void take(UnixSockets.Message m) {
        String[] words = m.text().split(" ", 4);
        CompletableFuture<Opened> reply = null;
        try {
            reply = words.length >= 3 ? pending.remove(Long.parseLong(words[0])) : null;
            if (reply == null) {
                throw new NumberFormatException("no request of that id");
            }
            if (words[1].equals("ok") && words.length == 3 && m.fd() >= 0) {
                reply.complete(new Opened(m.fd(), Integer.parseInt(words[2])));
                return;
            }
            if (words[1].equals("err") && m.fd() < 0) {
                reply.completeExceptionally(new Refused(Integer.parseInt(words[2]), words.length == 4 ? words[3] : ""));
                return;
            }
            throw new NumberFormatException("malformed");
        } catch (NumberFormatException e) {
            log.warn("forwarding helper {}: a reply not understood ({}): {}", pid, e.getMessage(), m.text());
            if (m.fd() >= 0) {
                Posix.close(m.fd());
            }
            if (reply != null) {
                reply.completeExceptionally(new IOException("the forwarding helper answered nonsense"));
            }
        }
    }

    /**
     * Ends the helper: it reads the end of its requests and exits (a logoff kills it anyway). Sockets
     * it opened stay open. Any caller, any number of times.
     */
    @Override
    public synchronized void close() {
        // shutdown, not close: the reader may be in recvmsg on this descriptor; it closes it
        if (!ended) {
            UnixSockets.shutdownBoth(socket);
        }
    }
}
