package termhost.daemon.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.terminal.TmuxTerminal;

/**
 * A session: created at logon, alive until logged off or until its last process ends. It owns an
 * id, an owner, a process group and (interactive) a tmux terminal; connections attach and detach.
 *
 * <p>Its state is derived, never set: {@code closing} makes it {@code DOWN}; otherwise it is
 * {@code ACTIVE} with a connection and {@code DISCONNECTED} without. {@code closing} and the
 * connection list change only under the {@link SessionManager}'s logon lock, so a reconnect and a
 * logoff cannot interleave.
 */
public final class Session {
    private final int id;
    private final SessionKind kind;
    private final OsUser owner;
    private final ProcessGroup group;
    private final TmuxTerminal terminal;
    private final Instant logonTime;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile Integer terminalPid;
    private volatile Instant disconnectTime;
    private volatile Instant connectedSince;
    private volatile Instant lastInputTime;
    private volatile String clientAddress;
    private volatile boolean closing;
    private volatile boolean loggedOff;
    /** The connection number of an exec session's one client (it has no Connection object). */
    private volatile int execConnection;
    /**
     * A new session until its first client is attached (or could not be): Active, never Disc, so
     * another logon of the same user at that moment cannot take it for a reconnect.
     */
    private volatile boolean awaitingFirstClient;

    Session(int id, SessionKind kind, OsUser owner, ProcessGroup group, TmuxTerminal terminal, Integer terminalPid,
            Instant logonTime, String clientAddress) {
        this.id = id;
        this.kind = kind;
        this.owner = owner;
        this.group = group;
        this.terminal = terminal;
        this.terminalPid = terminalPid;
        this.logonTime = logonTime;
        this.clientAddress = clientAddress;
        this.lastInputTime = logonTime;
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

    TmuxTerminal terminal() {
        return terminal;
    }

    Integer terminalPid() {
        return terminalPid;
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

    public boolean closing() {
        return closing;
    }

    public SessionState state() {
        if (closing) {
            return SessionState.DOWN;
        }
        if (kind == SessionKind.EXEC) {
            // an exec session has no tmux to attach to: it lives exactly as long as its client
            return SessionState.ACTIVE;
        }
        return connections.isEmpty() && !awaitingFirstClient ? SessionState.DISCONNECTED : SessionState.ACTIVE;
    }

    void awaitFirstClient() {
        awaitingFirstClient = true;
    }

    /** Its first client could not be attached: it is an ordinary disconnected session now. */
    void firstClientFailed() {
        awaitingFirstClient = false;
    }

    /** {@code ssh#N} of the newest attached connection; a disconnected session has no name. */
    public Optional<String> name() {
        if (kind == SessionKind.EXEC) {
            return closing ? Optional.empty() : Optional.of("ssh#" + execConnection);
        }
        if (connections.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("ssh#" + connections.get(connections.size() - 1).number());
    }

    List<Connection> connections() {
        return connections;
    }

    void execConnection(int number) {
        execConnection = number;
    }

    /** Its logoff is recorded: listings no longer show it, though its id is not free yet. */
    boolean loggedOff() {
        return loggedOff;
    }

    void markLoggedOff() {
        loggedOff = true;
    }

    void markClosing() {
        closing = true;
    }

    void attached(Connection c, String address, Instant now) {
        if (connections.isEmpty()) {
            connectedSince = now;
        }
        connections.add(c);
        awaitingFirstClient = false;
        clientAddress = address;
        disconnectTime = null;
    }

    /** When its current connection attached; null while disconnected. */
    public Instant connectedSince() {
        return connections.isEmpty() ? null : connectedSince;
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
}
