package termhost.daemon.session;

import java.io.IOException;
import java.util.Optional;
import termhost.daemon.os.OsUser;

/**
 * An interactive logon: reconnect to the user's session when the policy says so
 * ({@link ReconnectChoice}), else make a new one; then attach the client. Called by the transport,
 * once per shell request.
 * <ul>
 *   <li>{@code change logon} is applied to what the logon turns out to be, a reconnect or a new
 *       session ({@link LogonAdmission});</li>
 *   <li>a session picked for a reconnect whose shell is gone is logged off (audited) and the choice
 *       is made again, within the same logon: a logon never lands in a dead session (issue 16);</li>
 *   <li>one that begins its logoff between the pick and the attach is picked again too (F12).</li>
 * </ul>
 */
public final class Logons {
    /** Reconnect targets that began their logoff after being picked, before a logon gives up. */
    private static final int CLOSING_RETRIES = 3;

    private final SessionRegistry registry;
    private final SessionMaker maker;
    private final Attachments attachments;
    private final Logoffs logoffs;
    private final LogonAdmission admission;
    private final ReconnectChoice.Policy policy;

    Logons(SessionRegistry registry, SessionMaker maker, Attachments attachments, Logoffs logoffs,
            LogonAdmission admission, ReconnectChoice.Policy policy) {
        this.registry = registry;
        this.maker = maker;
        this.attachments = attachments;
        this.logoffs = logoffs;
        this.admission = admission;
        this.policy = policy;
    }

    public Connection connectInteractive(OsUser user, Viewer viewer, TerminalSpec spec, Actor actor)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(user, viewer, spec, actor);
            } catch (Attachments.TargetClosing e) {
                if (attempt >= CLOSING_RETRIES) {
                    throw e.conflict;
                }
            }
        }
    }

    private Connection connectOnce(OsUser user, Viewer viewer, TerminalSpec spec, Actor actor) throws IOException {
        String clientHost = SessionEnvironment.hostOf(viewer.clientAddress());
        while (true) {
            Optional<Session> target = registry.locked(() -> ReconnectChoice.choose(registry.sessions(), user.uid(),
                    clientHost, policy));
            admission.admit(user, target.isPresent(), actor);
            if (target.isEmpty()) {
                return startNew(user, viewer, spec, actor);
            }
            if (!Attachments.terminalGone(target.get())) {
                return attachments.attach(target.get(), viewer, spec, actor, false);
            }
            // each turn ends one session, or leaves it Down, which the next choice skips
            logoffs.endQuietly(target.get(), Actor.daemon("logon of " + user.name()),
                    "the session's shell had exited (found at the next logon)");
        }
    }

    private Connection startNew(OsUser user, Viewer viewer, TerminalSpec spec, Actor actor) throws IOException {
        int id = registry.reserve();
        Session s;
        try {
            s = maker.interactive(id, user, spec, viewer.clientAddress(), viewer.serverAddress(), actor,
                    viewer.agentAllowed());
        } catch (IOException | RuntimeException e) {
            registry.release(id);
            throw e;
        }
        registry.add(s); // ends the reservation: the id is never free in between
        try {
            return attachments.attach(s, viewer, spec, actor, true);
        } catch (IOException | RuntimeException e) {
            attachments.firstClientFailed(s); // it stays, Disc, for the user's next logon
            throw e;
        }
    }
}
