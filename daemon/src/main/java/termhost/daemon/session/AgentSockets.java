package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditType;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.Posix;
import termhost.daemon.os.UnixSockets;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.terminal.TerminalIo;

/**
 * A session's agent socket ({@code ssh -A}): one per session, {@code agent.sock} in the session's
 * directory (the user's, 0700), made and bound by a {@code termhost-net} helper as the user in the
 * session's group, then accepted on by the daemon's I/O loop. Its path goes into the session's
 * environment once, at its creation, so it stays the same across reconnects.
 *
 * <p>Each connection accepted goes to the agent of a connection of the session's owner that
 * forwards one: the newest attached (so the agent follows reconnects), or the exec session's own.
 * When there is none (no such connection attached, or only another user's after a {@code tscon})
 * it is closed at once. A peer that is neither the owner nor a process of the session (by
 * SO_PEERCRED) is refused too: root, say, outside the session. Refusals are audited.
 *
 * <p>Verbs: {@link #listen} by the session's maker, before the shell or command starts;
 * {@link Socket#serve} once the session exists; {@link Socket#close} at logoff (idempotent).
 */
final class AgentSockets {
    private static final Logger log = LoggerFactory.getLogger(AgentSockets.class);
    static final String SOCKET = "agent.sock";
    /** A bind is quick: a helper that does not answer in this time is not waited for. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);
    /** Checking a peer reads /proc: off the I/O thread. */
    private static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent");
        t.setDaemon(true);
        return t;
    });

    private final NetHelpers helpers;
    private final TerminalIo io;
    private final SessionJournal journal;

    AgentSockets(NetHelpers helpers, TerminalIo io, SessionJournal journal) {
        this.helpers = helpers;
        this.io = io;
        this.journal = journal;
    }

    /** The agent socket of a session: listening from {@link AgentSockets#listen}, serving from {@link #serve}. */
    final class Socket implements AutoCloseable {
        private final Path path;
        private final OsUser owner;
        private final ProcessGroup group;
        private volatile TerminalIo.Acceptor acceptor;
        private volatile Session session;
        /** An exec session's: its own connection's agent. Null for an interactive session's. */
        private volatile ForwardedAgent fixed;

        private Socket(Path path, OsUser owner, ProcessGroup group) {
            this.path = path;
            this.owner = owner;
            this.group = group;
        }

        /** Its path, for {@code SSH_AUTH_SOCK}. */
        Path path() {
            return path;
        }

        /**
         * From now on, accepted connections of {@code s} go to {@code agent} when not null (an exec
         * session's), else to the newest attached connection of the owner that forwards an agent.
         */
        void serve(Session s, ForwardedAgent agent) {
            fixed = agent;
            session = s;
            s.agentSocket(this);
        }

        /** Stops accepting; the socket file goes with the session's directory. Idempotent. */
        @Override
        public void close() {
            TerminalIo.Acceptor a = acceptor;
            if (a != null) {
                a.close();
            }
        }

        private void accepted(int fd) {
            Session s = session;
            String refusal;
            try {
                refusal = refusal(UnixSockets.peer(fd));
            } catch (IOException | RuntimeException e) {
                refusal = "its peer is unknown: " + e.getMessage();
            }
            Optional<ForwardedAgent> to = refusal == null ? route(s) : Optional.empty();
            if (to.isPresent()) {
                to.get().open(fd);
                return;
            }
            Posix.close(fd);
            String why = refusal != null ? refusal
                    : "no connection of " + owner.name() + " that forwards an agent is attached";
            log.info("{}: agent socket connection refused: {}", s == null ? path : s, why);
            journal.redirection(AuditType.AGENT_FORWARD, s, owner, Actor.daemon("agent socket " + path), "denied",
                    "agent socket connection refused: " + why);
        }

        /** Null when {@code peer} may use the agent: the owner, or a process of the session. */
        private String refusal(UnixSockets.Peer peer) throws IOException {
            if (peer.uid() == owner.uid() || group.pids().contains((long) peer.pid())) {
                return null;
            }
            return "pid " + peer.pid() + " (uid " + peer.uid() + ") is neither " + owner.name()
                    + " nor in the session";
        }

        private Optional<ForwardedAgent> route(Session s) {
            if (s == null || s.closing()) {
                return Optional.empty();
            }
            ForwardedAgent f = fixed;
            if (f != null) {
                return Optional.of(f);
            }
            List<Connection> attached = s.connections();
            for (int i = attached.size() - 1; i >= 0; i--) {
                Connection c = attached.get(i);
                Optional<ForwardedAgent> a = c.ended() ? Optional.empty() : c.viewer().agent();
                if (a.isPresent() && a.get().uid() == s.owner().uid()) {
                    return a;
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The agent socket of a new session of {@code owner}: bound in {@code dir}, the session's
     * directory, by a helper as the owner in {@code group}, and accepted on; served once the
     * session exists ({@link Socket#serve}); until then each connection is closed. Blocks.
     */
    Socket listen(ProcessGroup group, OsUser owner, Path dir) throws IOException {
        Socket socket = new Socket(dir.resolve(SOCKET), owner, group);
        // the helper only binds: it ends once it handed the listener over
        try (NetHelper helper = helpers.start(group, owner, null)) {
            NetHelper.Opened l = helper.listenUnix(socket.path.toString())
                    .get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                socket.acceptor = io.accept(l.fd(), fd -> WORK.execute(() -> socket.accepted(fd)));
            } catch (IOException e) {
                Posix.close(l.fd());
                throw e;
            }
            return socket;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io2 ? io2 : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the agent socket's helper did not answer", e);
        }
    }
}
