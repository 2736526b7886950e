package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.policy.LogonMode;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.Step;
import termhost.daemon.process.Teardown;
import termhost.daemon.process.UserCommand;
import termhost.daemon.store.SessionStore;
import termhost.daemon.terminal.PtyAttachment;
import termhost.daemon.terminal.TerminalIo;
import termhost.daemon.terminal.TmuxTerminal;

/**
 * The registry of sessions and their lifecycle. Verbs, who calls them, and what a second call does:
 * <ul>
 *   <li>{@link #connectInteractive}: the transport, at an interactive logon. Reconnects to the
 *       user's session when policy says so, else makes a new one.</li>
 *   <li>{@link #startExec}: the transport, for {@code ssh host command}.</li>
 *   <li>{@link #disconnect}: the transport, when a client goes away. Idempotent.</li>
 *   <li>{@link #logoff}: admin requests, exec ends, shells that exit, the reaper. Ends every
 *       process and deletes the session. A concurrent second call waits for the first and reports
 *       {@link LogoffOutcome#alreadyGone()}; a call for an id that is gone is NOT_FOUND.</li>
 *   <li>{@link #adoptStored}: once, at start-up, before the transport opens.</li>
 *   <li>{@link #reap}: the daemon's timer; ends sessions whose processes all died.</li>
 * </ul>
 * Allocation of ids, the choice of a session to reconnect to, attaching, and marking a session
 * closing all happen under one lock, so a logoff racing a reconnect never leaves a half-session.
 */
public final class SessionManager {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    public static final int FIRST_SESSION_ID = 2;
    public static final int MAX_SESSION_ID = 65535;

    private final SessionEnvironment environment;
    private final Containment containment;
    private final UserCommand userCommand;
    private final SessionStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Teardown teardown;
    private final TerminalIo terminalIo;
    private final Duration gracePeriod;
    private final boolean multiplePerUser;
    private final boolean sameClientOnly;
    private final LogonControl logonControl;
    private final OsUsers users;

    private final ReentrantLock logonLock = new ReentrantLock();
    private final ConcurrentMap<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Integer> reserved = new TreeSet<>();
    private final ConcurrentMap<Integer, LogoffOutcome> inFlightLogoffs = new ConcurrentHashMap<>();
    private int connectionCounter;
    private final Messenger messenger;

    /**
     * @param policy the logon policies: grace period, one or several sessions per user, reconnect
     *     from the same client only, and the {@code change logon} mode
     * @param terminalIo moves the bytes of every connection's terminal
     */
    public SessionManager(SessionEnvironment environment, Containment containment, UserCommand userCommand,
            SessionStore store, AuditLog audit, OsUsers users, Clock clock, LogonPolicy policy,
            TerminalIo terminalIo) {
        this.environment = environment;
        this.terminalIo = terminalIo;
        this.containment = containment;
        this.userCommand = userCommand;
        this.store = store;
        this.audit = audit;
        this.users = users;
        this.clock = clock;
        this.teardown = new Teardown(clock);
        this.gracePeriod = policy.gracePeriod();
        this.multiplePerUser = policy.multiplePerUser();
        this.sameClientOnly = policy.sameClientOnly();
        this.logonControl = policy.logonControl();
        this.messenger = new Messenger(clock);
    }

    /** How logons are decided. */
    public record LogonPolicy(Duration gracePeriod, boolean multiplePerUser, boolean sameClientOnly,
            LogonControl logonControl) {
    }

    /** Every live session, by id. A session appears here only once it is complete. */
    public List<Session> sessions() {
        List<Session> list = new ArrayList<>(sessions.values());
        // a session whose logoff is recorded is over, even in the moment before it leaves the map (F7)
        list.removeIf(Session::loggedOff);
        list.sort(Comparator.comparingInt(Session::id));
        return list;
    }

    public Optional<Session> find(int id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** The session whose process group holds {@code pid}: the caller's current session. */
    public Optional<Session> sessionOfPid(long pid) {
        Optional<String> group = containment.groupOf(pid);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return sessions.values().stream().filter(s -> s.group().id().equals(group.get())).findFirst();
    }

    /**
     * An interactive logon. Policy: with one session per user (the default), the user's existing
     * session is taken over (a disconnected one preferred); with several allowed, the most recently
     * disconnected one is reconnected, else a new one is made.
     */
    public Connection connectInteractive(OsUser user, Viewer viewer, TerminalSpec spec, Actor actor)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(user, viewer, spec, actor);
            } catch (ReconnectTargetClosing e) {
                // the session picked for the reconnect began its logoff meanwhile (F12): pick again,
                // which now skips it and makes a new session, instead of refusing the logon
                if (attempt >= 3) {
                    throw e.conflict;
                }
            }
        }
    }

    /** A reconnect found its session logging off after picking it; the logon may pick again. */
    private static final class ReconnectTargetClosing extends RuntimeException {
        private final TermhostException conflict;

        ReconnectTargetClosing(TermhostException conflict) {
            super(conflict.getMessage(), null, false, false);
            this.conflict = conflict;
        }
    }

    private Connection connectOnce(OsUser user, Viewer viewer, TerminalSpec spec, Actor actor) throws IOException {
        Session target;
        boolean fresh = false;
        int id = -1;
        while (true) {
            logonLock.lock();
            try {
                target = pickReconnect(user, SessionEnvironment.hostOf(viewer.clientAddress())).orElse(null);
                admit(user, target != null, viewer.clientAddress(), actor);
                if (target == null) {
                    id = allocateId();
                    reserved.add(id);
                    fresh = true;
                }
            } finally {
                logonLock.unlock();
            }
            if (fresh || !terminalGone(target)) {
                break;
            }
            // never route a logon into a session whose shell is gone (issue 16): end it, then pick
            // again; each turn ends one session or leaves it Down, which the next pick skips
            endQuietly(target, Actor.daemon("logon of " + user.name()),
                    "the session's shell had exited (found at the next logon)");
        }
        if (fresh) {
            try {
                target = createInteractive(id, user, spec, viewer.clientAddress(), actor);
            } finally {
                logonLock.lock();
                try {
                    reserved.remove(id);
                } finally {
                    logonLock.unlock();
                }
            }
        }
        try {
            return attach(target, viewer, spec, actor, fresh);
        } catch (IOException | RuntimeException e) {
            if (fresh) {
                target.firstClientFailed(); // it stays, Disc, for the user's next logon
            }
            throw e;
        }
    }

    /** {@code change logon}: drain refuses new sessions, disable refuses reconnects too. Audited. */
    private void admit(OsUser user, boolean reconnect, String address, Actor actor) {
        LogonMode mode = logonControl.mode();
        if (reconnect ? mode.allowsReconnect() : mode.allowsNewSessions()) {
            return;
        }
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.LOGON_REFUSED, user.name(), user.uid(),
                    actor.source(), null, null, "denied", "logons are " + mode.wireName()
                            + (reconnect ? " (reconnect)" : " (new session)")));
        } catch (SQLException e) {
            log.warn("cannot audit a refused logon: {}", e.getMessage());
        }
        throw new TermhostException(ErrorCategory.ACCESS_DENIED, mode.refusalKey(),
                "logons are " + mode.wireName() + " on this host");
    }

    private Optional<Session> pickReconnect(OsUser user, String clientHost) {
        List<Session> mine = sessions.values().stream()
                .filter(s -> s.kind() == SessionKind.INTERACTIVE && s.owner().uid() == user.uid() && !s.closing())
                // reconnection from the previous client only: a session last used from elsewhere is not offered
                .filter(s -> !sameClientOnly || s.clientAddress() == null
                        || SessionEnvironment.hostOf(s.clientAddress()).equals(clientHost))
                .toList();
        Optional<Session> disc = mine.stream().filter(s -> s.state() == SessionState.DISCONNECTED)
                .max(Comparator.comparing(s -> s.disconnectTime() == null ? Instant.EPOCH : s.disconnectTime()));
        if (disc.isPresent() || multiplePerUser) {
            return disc;
        }
        return mine.stream().min(Comparator.comparingInt(Session::id));
    }

    private int allocateId() {
        for (int id = FIRST_SESSION_ID; id <= MAX_SESSION_ID; id++) {
            if (!sessions.containsKey(id) && !reserved.contains(id)) {
                return id;
            }
        }
        throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_NO_FREE_SESSION_ID,
                "no free session id in " + FIRST_SESSION_ID + ".." + MAX_SESSION_ID);
    }

    private Session createInteractive(int id, OsUser user, TerminalSpec spec, String address, Actor actor)
            throws IOException {
        ProcessGroup group = containment.create(id);
        Instant now = clock.instant();
        try {
            Path dir = environment.prepareSessionDir(id, user);
            TmuxTerminal terminal = new TmuxTerminal(dir.resolve("tmux.sock"), user, userCommand);
            Map<String, String> env = environment.shellEnvironment(user, id, spec, address);
            int pid = terminal.start(group, env, environment.shellOf(user), spec.cols(), spec.rows());
            Session s = new Session(id, SessionKind.INTERACTIVE, user, group, terminal, pid, now, address);
            s.awaitFirstClient();
            store.insert(rowOf(s, SessionState.ACTIVE));
            record(AuditType.LOGON, actor, s, "success", "interactive, terminal " + spec.term() + " "
                    + spec.cols() + "x" + spec.rows() + ", client " + address);
            sessions.put(id, s);
            return s;
        } catch (IOException | SQLException | InterruptedException | RuntimeException e) {
            // nothing half-made may stay: end whatever started, remove the group
            try {
                teardown.end(group, Duration.ZERO, line -> { });
            } catch (IOException | InterruptedException ignored) {
                log.warn("session {}: cleanup after failed logon incomplete", id);
            }
            environment.removeSessionDir(id);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("session " + id + " (" + user.name() + "): cannot start: " + e.getMessage(), e);
        }
    }

    private Connection attach(Session s, Viewer viewer, TerminalSpec spec, Actor actor, boolean fresh)
            throws IOException {
        Map<String, String> clientEnv = new LinkedHashMap<>(spec.clientEnv());
        clientEnv.put("TERM", spec.term());
        clientEnv.putIfAbsent("LANG", "C.UTF-8");
        PtyAttachment pty = PtyAttachment.start(terminalIo, s.terminal().attachCommand(clientEnv),
                Map.of("TERM", spec.term()), "/", spec.cols(), spec.rows());
        Connection c;
        List<Connection> takenOver;
        logonLock.lock();
        try {
            if (s.closing()) {
                pty.close();
                TermhostException conflict = new TermhostException(ErrorCategory.CONFLICT,
                        MessageKey.ERROR_SESSION_CLOSING,
                        "session " + s.id() + " (" + s.owner().name() + "): cannot reconnect: logging off");
                throw fresh ? conflict : new ReconnectTargetClosing(conflict);
            }
            c = new Connection(++connectionCounter, s, viewer, pty, clock, spec);
            takenOver = multiplePerUser ? List.of() : List.copyOf(s.connections());
            s.attached(c, viewer.clientAddress(), clock.instant());
        } finally {
            logonLock.unlock();
        }
        for (Connection old : takenOver) {
            detachConnection(old, "Session " + s.id() + " was reconnected from " + viewer.clientAddress() + ".");
        }
        c.startOutput(this::attachmentEnded);
        if (!fresh) {
            messenger.deliverPending(s, environment.sessionDir(s.id()));
            persistState(s);
            record(AuditType.RECONNECT, actor, s, "success", "connection ssh#" + c.number() + " from "
                    + viewer.clientAddress() + (takenOver.isEmpty() ? "" : ", took over " + takenOver.size()));
        }
        return c;
    }

    /** The newest connection of a session, if any (the one {@code tscon} moves). */
    public Optional<Connection> newestConnection(Session s) {
        List<Connection> list = s.connections();
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /**
     * The tmux client of {@code c} ended. If we ended it (its client went away, a takeover, tscon)
     * it is a disconnect. If it ended on its own, either the shell exited (a logoff by the user) or
     * only the client died (a disconnect); tmux's own answer tells which (see {@link
     * TmuxTerminal#presence}): the tmux server may outlive the shell by a few milliseconds, so its
     * process being alive proves nothing (issue 16).
     */
    private void attachmentEnded(Connection c) {
        Session s = c.session();
        boolean endedByUs = c.ended();
        if (!endedByUs && !s.closing() && terminalGone(s)) {
            // straight from Active to Down: never listed Disc, never offered to a logon meanwhile
            endAfterShellExit(s);
            removeConnection(c);
            return;
        }
        c.endViewer(s.closing() ? null : "Disconnected.", 0);
        removeConnection(c);
        // the client went away as the shell ended: no session is left Disc with its shell gone
        // (the check that cannot be wrong when it says so: the tmux server is gone)
        if (endedByUs && s.state() == SessionState.DISCONNECTED && !TmuxTerminal.alive(s.terminalPid(), s.group())) {
            endAfterShellExit(s);
        }
    }

    /** The user's shell exited: a logoff by the user; its clients end without a word, as they would with sshd. */
    private void endAfterShellExit(Session s) {
        endQuietly(s, new Actor(s.owner().name(), s.owner().uid(), "shell exit"), "the session's shell exited", false);
    }

    /**
     * True when the session's terminal certainly cannot be attached: its tmux server is gone, or
     * tmux answers that its session is. No answer counts as alive: a session is never ended on a guess.
     */
    private static boolean terminalGone(Session s) {
        return !TmuxTerminal.alive(s.terminalPid(), s.group())
                || s.terminal().presence() == TmuxTerminal.Presence.GONE;
    }

    /** The client went away (or was detached): the session keeps running. Idempotent. */
    public void disconnect(Connection c) {
        c.endViewer(null, 0);
        removeConnection(c);
    }

    private void detachConnection(Connection c, String reason) {
        c.endViewer(reason, 0);
        removeConnection(c);
    }

    /**
     * {@code tsdiscon}: ends every connection of session {@code id}, each with a one-line reason;
     * the processes keep running. Returns how many connections were ended (0 if already Disc).
     */
    public int disconnectAll(int id, Actor actor) {
        Session s = sessions.get(id);
        if (s == null || s.closing()) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    "session " + id + ": not found", Integer.toString(id));
        }
        List<Connection> attached = List.copyOf(s.connections());
        for (Connection c : attached) {
            // remove first: ending the viewer ends its terminal, whose end would record the disconnect as
            // "connection closed" by the daemon before us
            removeConnection(c, actor);
            c.endViewer("Session " + id + " was disconnected by " + actor.name() + ".", 0);
        }
        return attached.size();
    }

    /**
     * {@code tscon}: moves the client of connection {@code from} to session {@code target}. The
     * client stays connected; {@code from}'s session becomes disconnected; clients attached to
     * {@code target} before are told it was taken over. Returns the new connection.
     */
    public Connection switchConnection(Connection from, Session target, Actor actor) throws IOException {
        if (from.session() == target) {
            return from;
        }
        if (terminalGone(target)) {
            // as a logon would (issue 16): a session whose shell is gone is ended, not connected to
            endQuietly(target, Actor.daemon("tscon by " + actor.name()),
                    "the session's shell had exited (found at tscon)");
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    "session " + target.id() + ": its shell had exited", Integer.toString(target.id()));
        }
        TerminalSpec spec = from.spec();
        Map<String, String> clientEnv = new LinkedHashMap<>(spec.clientEnv());
        clientEnv.put("TERM", spec.term());
        clientEnv.putIfAbsent("LANG", "C.UTF-8");
        PtyAttachment pty = PtyAttachment.start(terminalIo, target.terminal().attachCommand(clientEnv),
                Map.of("TERM", spec.term()), "/", spec.cols(), spec.rows());
        Connection c;
        List<Connection> takenOver;
        logonLock.lock();
        try {
            if (target.closing() || from.session().closing()) {
                pty.close();
                throw new TermhostException(ErrorCategory.CONFLICT, MessageKey.ERROR_SESSION_CLOSING,
                        "session " + target.id() + " (" + target.owner().name() + "): cannot connect: logging off");
            }
            c = new Connection(++connectionCounter, target, from.viewer(), pty, clock, spec);
            takenOver = List.copyOf(target.connections());
            target.attached(c, from.viewer().clientAddress(), clock.instant());
        } finally {
            logonLock.unlock();
        }
        for (Connection old : takenOver) {
            detachConnection(old, "Session " + target.id() + " was connected to by " + actor.name() + ".");
        }
        // remove first, as in disconnectAll: the ended terminal must not record it as the daemon's
        removeConnection(from, actor);
        from.detachKeepingViewer();
        c.startOutput(this::attachmentEnded);
        persistState(target);
        record(AuditType.RECONNECT, actor, target, "success", "tscon: connection ssh#" + c.number()
                + " from session " + from.session().id() + (takenOver.isEmpty() ? "" : ", took over "
                + takenOver.size()));
        from.viewer().switched(c);
        return c;
    }

    private void removeConnection(Connection c) {
        // the client went away: the user's doing, from where the client was
        removeConnection(c, new Actor(c.session().owner().name(), c.session().owner().uid(),
                "ssh " + c.viewer().clientAddress()));
    }

    private void removeConnection(Connection c, Actor actor) {
        Session s = c.session();
        boolean last;
        logonLock.lock();
        try {
            last = s.detached(c, clock.instant());
        } finally {
            logonLock.unlock();
        }
        if (last && !s.closing()) {
            persistState(s);
            record(AuditType.DISCONNECT, actor, s, "success",
                    "connection ssh#" + c.number() + " from " + c.viewer().clientAddress());
        }
    }

    /** An exec request: a session of its own with pipes, ended with its command or its client. */
    public ExecSession startExec(OsUser user, String command, Map<String, String> clientEnv, String address,
            Actor actor) throws IOException {
        int id;
        logonLock.lock();
        try {
            admit(user, false, address, actor);
            id = allocateId();
            reserved.add(id);
        } finally {
            logonLock.unlock();
        }
        try {
            ProcessGroup group = containment.create(id);
            Instant now = clock.instant();
            Session s = new Session(id, SessionKind.EXEC, user, group, null, null, now, address);
            logonLock.lock();
            try {
                s.execConnection(++connectionCounter);
            } finally {
                logonLock.unlock();
            }
            Map<String, String> env = environment.execEnvironment(user, id, clientEnv, address);
            List<String> cmd = userCommand.build(group, user, env, List.of(environment.shellOf(user), "-c", command));
            try {
                store.insert(rowOf(s, SessionState.ACTIVE));
                record(AuditType.LOGON, actor, s, "success", "exec, client " + address);
            } catch (SQLException e) {
                group.remove();
                throw new IOException("session " + id + ": cannot store the logon: " + e.getMessage(), e);
            }
            sessions.put(id, s);
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(Path.of(user.home()).toFile().isDirectory()
                        ? Path.of(user.home()).toFile() : Path.of("/").toFile()).start();
            } catch (IOException e) {
                endQuietly(s, Actor.daemon("exec failed"), "the command could not start: " + e.getMessage());
                throw e;
            }
            return new ExecSession(s, p);
        } finally {
            logonLock.lock();
            try {
                reserved.remove(id);
            } finally {
                logonLock.unlock();
            }
        }
    }

    /**
     * {@code msg}: shows {@code text} on the session's terminal (queued while it is disconnected);
     * with {@code wait}, returns once the user acknowledged it or its time ran out. Audited.
     */
    public Messenger.Outcome message(Session s, Actor from, String text, Duration time, boolean wait) {
        if (s.closing()) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    "session " + s.id() + ": logging off", Integer.toString(s.id()));
        }
        Messenger.Outcome o = messenger.send(s, environment.sessionDir(s.id()), from.name(), text, time, wait);
        record(AuditType.MESSAGE, from, s, o == Messenger.Outcome.FAILED ? "failed" : "success",
                o.wireName() + ", " + time.toSeconds() + " s, " + text.length() + " characters");
        return o;
    }

    /** The result of a logoff as the caller sees it. */
    public record LogoffOutcome(int sessionId, String owner, Teardown.Result result, boolean alreadyGone) {
    }

    /**
     * Logs a session off: marks it closing (it shows {@code Down}), ends its connections with a
     * one-line reason, ends every process ({@link Teardown}), deletes it, and records it.
     *
     * @param grace how long processes get after HUP/TERM; {@link Duration#ZERO} for reset
     * @param progress one line per step, for {@code /v}
     */
    public LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress)
            throws IOException, InterruptedException {
        return logoff(id, actor, reason, grace, progress, true);
    }

    /** @param tellClients print the reason to each attached client before it is closed */
    private LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress,
            boolean tellClients) throws IOException, InterruptedException {
        Session s = sessions.get(id);
        if (s == null) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    "session " + id + ": not found", Integer.toString(id));
        }
        List<Connection> attached;
        logonLock.lock();
        try {
            if (s.closing()) {
                attached = null;
            } else {
                s.markClosing();
                attached = List.copyOf(s.connections());
            }
        } finally {
            logonLock.unlock();
        }
        if (attached == null) {
            return awaitOtherLogoff(s);
        }
        persistState(s);
        for (Connection c : attached) {
            c.endViewer(tellClients ? "Session " + id + " is being logged off: " + reason : null, 0);
        }
        Teardown.Result r = teardown.end(s.group(), grace, progress);
        if (!r.empty()) {
            record(AuditType.LOGOFF, actor, s, "failed", reason + "; " + describe(r) + "; processes remain");
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_STUCK,
                    "session " + id + " (" + s.owner().name() + "): processes remain after SIGKILL",
                    Integer.toString(id));
        }
        try {
            // the record and the row's removal commit together: one fsync, and never one without the other
            audit.record(new AuditEvent(clock.instant(), AuditType.LOGOFF, actor.name(), actor.uid(), actor.source(),
                    s.id(), s.owner().name(), "success", reason + "; " + describe(r)), c -> store.delete(c, id));
            s.markLoggedOff();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("session " + id + ": cannot record the logoff: " + e.getMessage(), e);
        } finally {
            environment.removeSessionDir(id);
            messenger.forget(id);
            LogoffOutcome outcome = new LogoffOutcome(id, s.owner().name(), r, false);
            synchronized (s) {
                inFlightLogoffs.put(id, outcome);
                sessions.remove(id, s);
                s.notifyAll();
            }
        }
        return inFlightLogoffs.remove(id);
    }

    private LogoffOutcome awaitOtherLogoff(Session s) throws InterruptedException {
        synchronized (s) {
            while (sessions.get(s.id()) == s) {
                s.wait(1000);
            }
        }
        return new LogoffOutcome(s.id(), s.owner().name(), null, true);
    }

    static String describe(Teardown.Result r) {
        return "processes=" + r.processes() + ", signals=" + (r.signals().isEmpty() ? "none"
                : String.join("+", r.signals())) + ", took=" + r.took().toMillis() + "ms";
    }

    /** Logs off, logging instead of throwing: for paths that have nobody to report to. */
    public void endQuietly(Session s, Actor actor, String reason) {
        endQuietly(s, actor, reason, true);
    }

    private void endQuietly(Session s, Actor actor, String reason, boolean tellClients) {
        try {
            logoff(s.id(), actor, reason, gracePeriod, line -> { }, tellClients);
        } catch (TermhostException e) {
            log.debug("session {}: {}", s.id(), e.getMessage());
        } catch (IOException e) {
            log.warn("session {}: logoff failed: {}", s.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** Re-adopts the stored sessions after a restart (see {@link SessionRecovery#adoptStored}). */
    public void adoptStored() throws SQLException {
        new SessionRecovery(this, store, audit, containment, users, userCommand, environment, clock).adoptStored();
    }

    /**
     * Ends interactive sessions whose terminal died without a connection to notice (e.g. the
     * shell of a disconnected session exited). Returns when it wants to run next.
     */
    public Instant reap(Instant now) {
        for (Session s : sessions.values()) {
            if (s.kind() == SessionKind.INTERACTIVE && !s.closing() && s.connections().isEmpty()
                    && !TmuxTerminal.alive(s.terminalPid(), s.group())) {
                endQuietly(s, Actor.daemon("reaper"), "the session's processes ended");
            }
        }
        return now.plusSeconds(1);
    }

    /** Puts a re-adopted session back in the registry. */
    void register(Session s) {
        sessions.put(s.id(), s);
    }

    /** Daemon shutdown: connections end, sessions stay (re-adopted at the next start). */
    public void detachAll(String reason) {
        for (Session s : sessions.values()) {
            for (Connection c : s.connections()) {
                c.endViewer(reason, 0);
            }
        }
    }

    void persistState(Session s) {
        try {
            store.updateState(s.id(), s.state(), s.disconnectTime(), s.clientAddress());
        } catch (SQLException e) {
            log.warn("session {}: cannot store state {}: {}", s.id(), s.state(), e.getMessage());
        }
    }

    private void record(AuditType type, Actor actor, Session s, String outcome, String detail) {
        try {
            audit.record(new AuditEvent(clock.instant(), type, actor.name(), actor.uid(), actor.source(), s.id(),
                    s.owner().name(), outcome, detail));
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot write the audit log: " + e.getMessage());
        }
    }

    private static SessionStore.Row rowOf(Session s, SessionState state) {
        return new SessionStore.Row(s.id(), s.kind(), state, s.owner().uid(), s.owner().name(), s.clientAddress(),
                s.logonTime(), null, s.logonTime(), s.group().id(),
                s.terminal() == null ? null : s.terminal().socket().toString(), s.terminalPid());
    }
}
