package termhost.daemon.session;

import java.io.IOException;
import java.util.Map;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.os.OsUser;

/**
 * Where a connection's forwarded sockets live: a light session of its own (kind exec: listed by
 * {@code query session}, logged off when its connection ends), whose one program is the
 * {@code termhost-net} helper, run as the user in the session's cgroup, under the session leader
 * (its PAM session) as an exec session's command is. Every socket of the
 * connection's forwards is made by that helper, so the user's firewall rules, port limits and
 * cgroup apply to it; the daemon only moves the bytes.
 *
 * <p>Why not the user's interactive session: a forward belongs to its SSH connection (it ends
 * with it, as with sshd), a {@code ssh -N} connection may have no interactive session at all, and
 * joining one would tie the forward to a session's logoff that the connection did not ask for.
 *
 * <p>Verbs: {@link #open} by the transport, at a connection's first forward; {@link #close} by
 * the transport when the connection ends (a second call finds the session ending and does
 * nothing). {@link #opened} and {@link #refused} record each forward.
 */
public final class Tunnels {
    /** The program's name among the daemon's native helpers. */
    public static final String HELPER = NetHelpers.HELPER;

    /** A connection's tunnel: its session and the helper running in it. */
    public record Tunnel(Session session, NetHelper helper) {
    }

    private final ExecSessions execs;
    private final Logoffs logoffs;
    private final SessionJournal journal;
    private final NetHelpers helpers;

    Tunnels(ExecSessions execs, Logoffs logoffs, SessionJournal journal, NetHelpers helpers) {
        this.execs = execs;
        this.logoffs = logoffs;
        this.journal = journal;
        this.helpers = helpers;
    }

    /** A new tunnel session for {@code user}'s connection from {@code address}, its helper started. */
    public Tunnel open(OsUser user, String address, Actor actor) throws IOException {
        Session s = execs.open(user, address, actor);
        try {
            // a PAM session refused ends the leader before the helper starts: the first request fails
            return new Tunnel(s, helpers.start(s.group(), user, SessionEnvironment.logon(address, Map.of(), null)));
        } catch (IOException | RuntimeException e) {
            logoffs.endQuietly(s, Actor.daemon("forwarding"), "its forwarding helper could not start: " + e.getMessage());
            throw e;
        }
    }

    /** The connection ended: its forwards end with the tunnel's session. */
    public void close(Tunnel t, Actor actor, String reason) {
        t.helper().close();
        logoffs.endQuietly(t.session(), actor, reason);
    }

    /** A forward opened in {@code t} ({@code detail}: what, where to), audited. */
    public void opened(Tunnel t, Actor actor, String detail) {
        journal.portForward(t.session(), t.session().owner(), actor, "success", detail);
    }

    /**
     * A forward refused ({@code outcome} {@code denied} by a rule, {@code failed} by the
     * network), audited; {@code t} is null when it was refused before any tunnel existed.
     */
    public void refused(Tunnel t, OsUser user, Actor actor, String outcome, String detail) {
        journal.portForward(t == null ? null : t.session(), user, actor, outcome, detail);
    }
}
