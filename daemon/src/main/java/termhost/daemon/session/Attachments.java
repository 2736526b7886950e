package termhost.daemon.session;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.terminal.Attacher;
import termhost.daemon.terminal.Attachment;
import termhost.daemon.terminal.TerminalHolder;

/**
 * Connections coming and going on interactive sessions. Verbs, who calls them, what a second
 * call does:
 * <ul>
 *   <li>{@link #attach}: a logon, to a new or a reconnected session; clients attached before are
 *       told it was reconnected and closed (one session per user) or stay (several).</li>
 *   <li>{@link #disconnect}: the transport, when a client goes away. Idempotent.</li>
 *   <li>{@link #disconnectAll}: {@code tsdiscon} and the time limits; 0 when already Disc.</li>
 *   <li>{@link #switchConnection}: {@code tscon}, moving a client to another session.</li>
 *   <li>{@link #detachAll}: the daemon's stop; the sessions stay for the next start.</li>
 * </ul>
 * When an attach client ends on its own, whether the shell ended (a logoff) or only the client
 * (a disconnect) is decided from the terminal holder's own answer, which cannot race the shell's
 * end (issue 16).
 */
public final class Attachments {
    private final SessionRegistry registry;
    private final SessionJournal journal;
    private final Attacher attacher;
    private final Messenger messenger;
    private final Logoffs logoffs;
    private final Clock clock;
    private final boolean multiplePerUser;
    private final Runnable changed;

    /** @param changed told when a session connects or disconnects: its time limits count from then */
    Attachments(SessionRegistry registry, SessionJournal journal, Attacher attacher, Messenger messenger,
            Logoffs logoffs, Clock clock, boolean multiplePerUser, Runnable changed) {
        this.registry = registry;
        this.journal = journal;
        this.attacher = attacher;
        this.messenger = messenger;
        this.logoffs = logoffs;
        this.clock = clock;
        this.multiplePerUser = multiplePerUser;
        this.changed = changed;
    }

    /** A reconnect found its session logging off after picking it; the logon may pick again. */
    static final class TargetClosing extends RuntimeException {
        final TermhostException conflict;

        TargetClosing(TermhostException conflict) {
            super(conflict.getMessage(), null, false, false);
            this.conflict = conflict;
        }
    }

    /**
     * Attaches {@code viewer} to {@code s}. A session that began its logoff meanwhile is refused:
     * CONFLICT for a new session, {@link TargetClosing} for a reconnect (its logon picks again).
     *
     * @param fresh the session was just made for this logon (its logon is recorded already)
     */
    Connection attach(Session s, Viewer viewer, TerminalSpec spec, Actor actor, boolean fresh) throws IOException {
        Attachment a = startClient(s, spec, viewer);
        Joined j;
        try {
            j = registry.locked(() -> {
                if (s.closing()) {
                    TermhostException conflict = new TermhostException(ErrorCategory.CONFLICT,
                            MessageKey.ERROR_SESSION_CLOSING, s + ": cannot reconnect: logging off");
                    throw fresh ? conflict : new TargetClosing(conflict);
                }
                return joined(s, viewer, a, spec);
            });
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        Connection c = j.connection();
        List<Connection> takenOver = multiplePerUser ? List.of() : j.before();
        for (Connection old : takenOver) {
            detach(old, "Session " + s.id() + " was reconnected from " + viewer.clientAddress() + ".");
        }
        c.startOutput(this::attachmentEnded);
        changed.run();
        if (!fresh) {
            messenger.deliverPending(s);
            journal.reconnected(s, actor, "connection ssh#" + c.number() + " from " + viewer.clientAddress()
                    + (takenOver.isEmpty() ? "" : ", took over " + takenOver.size()));
        }
        return c;
    }

    /** A new session's first client could not be attached: it is an ordinary disconnected session now. */
    void firstClientFailed(Session s) {
        s.advance(Session.Phase.STARTING, Session.Phase.OPEN);
        journal.persistState(s);
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
            logoffs.endQuietly(target, Actor.daemon("tscon by " + actor.name()),
                    "the session's shell had exited (found at tscon)");
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    target + ": its shell had exited", Integer.toString(target.id()));
        }
        Attachment a = startClient(target, from.spec(), from.viewer());
        Joined j;
        try {
            j = registry.locked(() -> {
                if (target.closing() || from.session().closing()) {
                    throw new TermhostException(ErrorCategory.CONFLICT, MessageKey.ERROR_SESSION_CLOSING,
                            target + ": cannot connect: logging off");
                }
                return joined(target, from.viewer(), a, from.spec());
            });
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        Connection c = j.connection();
        List<Connection> takenOver = j.before();
        for (Connection old : takenOver) {
            detach(old, "Session " + target.id() + " was connected to by " + actor.name() + ".");
        }
        // remove first, as in disconnectAll: the ended terminal must not record it as the daemon's
        removeConnection(from, actor, "moved to session " + target.id() + " by tscon");
        from.detachKeepingViewer();
        c.startOutput(this::attachmentEnded);
        changed.run();
        journal.reconnected(target, actor, "tscon: connection ssh#" + c.number() + " from session "
                + from.session().id() + (takenOver.isEmpty() ? "" : ", took over " + takenOver.size()));
        from.viewer().switched(c);
        return c;
    }

    /** A connection just attached, and those attached before it. */
    private record Joined(Connection connection, List<Connection> before) {
    }

    /** Under the registry lock: the session gets the connection and is open from now on. */
    private Joined joined(Session s, Viewer viewer, Attachment a, TerminalSpec spec) {
        List<Connection> before = List.copyOf(s.connections());
        Connection c = new Connection(registry.nextConnectionNumber(), s, viewer, a, clock, spec);
        s.attached(c, viewer.clientAddress(), clock.instant());
        s.advance(Session.Phase.STARTING, Session.Phase.OPEN);
        return new Joined(c, before);
    }

    /**
     * The tmux client of a connection, on a terminal of its own: what utmp shows as the
     * connection's logon (as the session's owner, whose session it shows).
     */
    private Attachment startClient(Session s, TerminalSpec spec, Viewer viewer) throws IOException {
        Map<String, String> clientEnv = new LinkedHashMap<>(SessionEnvironment.accepted(spec.clientEnv()));
        clientEnv.put("TERM", spec.term());
        clientEnv.putIfAbsent("LANG", "C.UTF-8");
        return attacher.start(s.terminal().attachCommand(clientEnv), Map.of("TERM", spec.term()), spec.cols(),
                spec.rows(), spec.modes(), new LoginRecords.Who(s.owner().name(), s.owner().uid(),
                        SessionEnvironment.hostOf(viewer.clientAddress())));
    }

    /** The newest connection of a session, if any (the one {@code tscon} moves). */
    public Optional<Connection> newestConnection(Session s) {
        List<Connection> list = s.connections();
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /**
     * The attach client of {@code c} ended. If we ended it (its client went away, a takeover,
     * tscon) it is a disconnect. If it ended on its own, either the shell exited (a logoff by the
     * user) or only the client died (a disconnect): the holder's own answer tells which; its
     * process being alive proves nothing, it outlives the shell by a few milliseconds.
     */
    private void attachmentEnded(Connection c) {
        Session s = c.session();
        boolean endedByUs = c.ended();
        if (!endedByUs && !s.closing() && terminalGone(s)) {
            // straight from Active to Down: never listed Disc, never offered to a logon meanwhile
            logoffs.endAfterShellExit(s);
            removeConnection(c, null);
            return;
        }
        c.endViewer(s.closing() ? null : "Disconnected.", 0);
        removeConnection(c, endedByUs ? null : "its terminal client ended");
        // the client went away as the shell ended: no session is left Disc with its shell gone
        // (the check that cannot be wrong when it says so: the holder's process is gone)
        if (endedByUs && s.state() == SessionState.DISCONNECTED && !s.terminal().alive()) {
            logoffs.endAfterShellExit(s);
        }
    }

    /**
     * True when the session's terminal certainly cannot be attached: its holder's process is gone,
     * or the holder answers that its session is. No answer counts as alive: a session is never
     * ended on a guess.
     */
    static boolean terminalGone(Session s) {
        TerminalHolder t = s.terminal();
        return !t.alive() || t.presence() == TerminalHolder.Presence.GONE;
    }

    /**
     * The client went away, {@code why} as the transport saw it ("the client closed the
     * connection", "no answer to 3 keep-alives in a row"): the session keeps running, and its
     * disconnect's audit row says why. Idempotent.
     */
    public void disconnect(Connection c, String why) {
        // remove first, as in disconnectAll: the ended terminal would record it without the why
        removeConnection(c, why);
        c.endViewer(null, 0);
    }

    private void detach(Connection c, String reason) {
        removeConnection(c, reason);
        c.endViewer(reason, 0);
    }

    /**
     * {@code tsdiscon}: ends every connection of session {@code id}, each with a one-line reason;
     * the processes keep running. Returns how many connections were ended (0 if already Disc).
     */
    public int disconnectAll(int id, Actor actor) {
        Session s = registry.find(id).filter(x -> !x.closing()).orElseThrow(() -> new TermhostException(
                ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND, "session " + id + ": not found",
                Integer.toString(id)));
        List<Connection> attached = List.copyOf(s.connections());
        for (Connection c : attached) {
            // remove first: ending the viewer ends its terminal, whose end would record the disconnect as
            // "connection closed" by the daemon before us
            removeConnection(c, actor, "tsdiscon");
            c.endViewer("Session " + id + " was disconnected by " + actor.name() + ".", 0);
        }
        return attached.size();
    }

    /** Daemon shutdown: connections end with {@code reason}, sessions stay (re-adopted at the next start). */
    public void detachAll(String reason) {
        for (Session s : registry.sessions()) {
            for (Connection c : s.connections()) {
                c.endViewer(reason, 0);
            }
        }
    }

    private void removeConnection(Connection c, String why) {
        // the client went away: the user's doing, from where the client was
        removeConnection(c, new Actor(c.session().owner().name(), c.session().owner().uid(),
                "ssh " + c.viewer().clientAddress()), why);
    }

    private void removeConnection(Connection c, Actor actor, String why) {
        Session s = c.session();
        boolean last = registry.locked(() -> s.detached(c, clock.instant()));
        if (last && !s.closing()) {
            journal.disconnected(s, actor, "connection ssh#" + c.number() + " from " + c.viewer().clientAddress()
                    + (why == null ? "" : ": " + why));
            changed.run();
        }
    }
}
