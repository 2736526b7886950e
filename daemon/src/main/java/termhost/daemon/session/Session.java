package termhost.daemon.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.terminal.TerminalHolder;

/**
 * A session: created at logon, alive until logged off or until its last process ends. It owns an
 * id, an owner, a process group and (interactive) a terminal holder; connections attach and
 * detach.
 *
 * <p>Its life is one {@link Phase}, changed only by compare-and-set, so two verbs racing for the
 * same transition have one winner. Its state is derived, never set: the phase, then (while open)
 * whether a connection is attached. The phase and the connection list change together only under
 * the {@link SessionRegistry}'s lock, so a reconnect and a logoff cannot interleave.
 */
public final class Session {
    /** Where a session is in its life. */
    public enum Phase {
        /** Made; its first client is not attached yet: Active, never offered to another logon. */
        STARTING,
        /** Active with a connection attached, Disc without. */
        OPEN,
        /** Down: a logoff is ending its processes. */
        LOGGING_OFF,
        /** Down: its logoff failed ({@link #failure}); retried by the reaper, cleared by a reset. */
        FAILED,
        /** Its logoff is recorded: gone, even in the moment before it leaves the registry. */
        ENDED;

        /** A logoff has begun: nothing may attach any more. */
        public boolean closing() {
            return this == LOGGING_OFF || this == FAILED || this == ENDED;
        }
    }

    private final int id;
    private final SessionKind kind;
    private final OsUser owner;
    private final ProcessGroup group;
    private final TerminalHolder terminal;
    private final Instant logonTime;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile AgentSockets.Socket agentSocket;
    private final AtomicReference<Phase> phase;
    private volatile CompletableFuture<LogoffOutcome> logoff = new CompletableFuture<>();
    private volatile String failure;
    private volatile int backoffs;
    private volatile Instant retryAt;
    private volatile Instant disconnectTime;
    private volatile Instant connectedSince;
    private volatile Instant lastInputTime;
    private volatile String clientAddress;
    /** The connection number of an exec session's one client (it has no Connection object). */
    private volatile int execConnection;

    /**
     * @param terminal the holder of an interactive session; null for an exec session
     * @param phase {@link Phase#STARTING} for a new interactive session, {@link Phase#OPEN} else
     */
    Session(int id, SessionKind kind, OsUser owner, ProcessGroup group, TerminalHolder terminal, Instant logonTime,
            String clientAddress, Phase phase) {
        this.id = id;
        this.kind = kind;
        this.owner = owner;
        this.group = group;
        this.terminal = terminal;
        this.logonTime = logonTime;
        this.clientAddress = clientAddress;
        this.lastInputTime = logonTime;
        this.phase = new AtomicReference<>(phase);
    }

    public int id() {
        return id;
    }

    public SessionKind kind() {
        return kind;
    }

    public OsUser owner() {
        return owner;
    }

    public ProcessGroup group() {
        return group;
    }

    TerminalHolder terminal() {
        return terminal;
    }

    public Instant logonTime() {
        return logonTime;
    }

    public Instant disconnectTime() {
        return disconnectTime;
    }

    public Instant lastInputTime() {
        return lastInputTime;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public Phase phase() {
        return phase.get();
    }

    /** A logoff has begun (or ended): it shows Down and nothing may attach. */
    public boolean closing() {
        return phase.get().closing();
    }

    /** Why its last logoff failed, while it is {@link Phase#FAILED}; empty otherwise. */
    public Optional<String> failure() {
        return phase.get() == Phase.FAILED ? Optional.ofNullable(failure) : Optional.empty();
    }

    public SessionState state() {
        Phase p = phase.get();
        if (p.closing()) {
            return SessionState.DOWN;
        }
        if (p == Phase.STARTING || kind == SessionKind.EXEC) {
            // an exec session has no terminal to attach to: it lives exactly as long as its client
            return SessionState.ACTIVE;
        }
        return connections.isEmpty() ? SessionState.DISCONNECTED : SessionState.ACTIVE;
    }

    /** {@code ssh#N} of the newest attached connection; a disconnected session has no name. */
    public Optional<String> name() {
        if (kind == SessionKind.EXEC) {
            return closing() ? Optional.empty() : Optional.of("ssh#" + execConnection);
        }
        if (connections.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("ssh#" + connections.get(connections.size() - 1).number());
    }

    /** When its current connection attached; null while disconnected. */
    public Instant connectedSince() {
        return connections.isEmpty() ? null : connectedSince;
    }

    // --- changed by the session package's verbs only

    boolean advance(Phase from, Phase to) {
        return phase.compareAndSet(from, to);
    }

    /** The completion of the logoff in progress (or the last one), which concurrent callers wait on. */
    CompletableFuture<LogoffOutcome> logoffCompletion() {
        return logoff;
    }

    /** A new logoff attempt begins (the first, or a retry of a failed one). */
    CompletableFuture<LogoffOutcome> newLogoffAttempt() {
        logoff = new CompletableFuture<>();
        return logoff;
    }

    /**
     * A logoff attempt failed at {@code now}. The reaper's next try backs off ({@code delay} of the
     * failures so far) with each failure at or after the time set for it; an attempt made earlier
     * (an administrator's logoff) leaves that time as it was, so forty impatient calls at once do
     * not put the next try minutes away.
     */
    void failed(String why, Instant now, IntFunction<Duration> delay) {
        failure = why;
        if (retryAt == null || !now.isBefore(retryAt)) {
            retryAt = now.plus(delay.apply(backoffs++));
        }
    }

    /** When the reaper tries again to end a failed session; null unless {@link Phase#FAILED}. */
    Instant retryAt() {
        return phase.get() == Phase.FAILED ? retryAt : null;
    }

    List<Connection> connections() {
        return connections;
    }

    /** The session's agent socket, from its creation ({@code ssh -A}); closed at its logoff. */
    void agentSocket(AgentSockets.Socket socket) {
        agentSocket = socket;
    }

    /** Stops the agent socket, if it has one. Idempotent. */
    void closeAgentSocket() {
        AgentSockets.Socket a = agentSocket;
        if (a != null) {
            a.close();
        }
    }

    void execConnection(int number) {
        execConnection = number;
    }

    void attached(Connection c, String address, Instant now) {
        if (connections.isEmpty()) {
            connectedSince = now;
        }
        connections.add(c);
        clientAddress = address;
        disconnectTime = null;
    }

    /** True when this removed the last connection. */
    boolean detached(Connection c, Instant now) {
        boolean removed = connections.remove(c);
        if (removed && connections.isEmpty()) {
            disconnectTime = now;
            return true;
        }
        return false;
    }

    void disconnectedAt(Instant t) {
        disconnectTime = t;
    }

    void inputAt(Instant t) {
        lastInputTime = t;
    }

    @Override
    public String toString() {
        return "session " + id + " (" + owner.name() + ")";
    }
}
