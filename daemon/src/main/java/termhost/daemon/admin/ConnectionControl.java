package termhost.daemon.admin;

import java.io.IOException;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.ConnectReply;
import termhost.api.op.ConnectRequest;
import termhost.api.op.DisconnectReply;
import termhost.api.op.DisconnectRequest;
import termhost.api.wire.Progress;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.Session;

/**
 * {@code tsdiscon} and {@code tscon}: moving connections, never processes.
 *
 * <p>tscon to another user's session: Windows asks for that user's password, which a key logon
 * never gives us, and Connect alone would hand the caller the other user's shell. So here it needs
 * Connect <em>and</em> Full Control (an administrator, who could read that session anyway), and
 * {@code /password:} is refused with a word on why. One's own sessions need nothing more.
 */
public final class ConnectionControl {
    private final ManagedSessions sessions;
    private final SessionTargets targets;

    public ConnectionControl(ManagedSessions sessions) {
        this.sessions = sessions;
        this.targets = new SessionTargets(sessions);
    }

    DisconnectReply disconnect(SessionPermit permit, DisconnectRequest request, Consumer<Progress> events) {
        Caller caller = permit.caller();
        Session s = targets.resolve(permit, request.session());
        int n = sessions.disconnectAll(s.id(), new Actor(caller.name(), caller.uid(), caller.source()));
        events.accept(Events.of(Step.of(MessageKey.TSDISCON_V_DONE, s.id(), n)));
        return new DisconnectReply(s.id(), n);
    }

    ConnectReply connect(SessionPermit permit, ConnectRequest request, Consumer<Progress> events) {
        if (request.passwordGiven()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.TSCON_ERROR_PASSWORD,
                    "/password is not used: termhost logs on with SSH keys and has no passwords");
        }
        Caller caller = permit.caller();
        Session target = targets.resolve(permit, request.session());
        permit.requireFullControlOver(target, "another user's session needs Connect and Full Control");
        Session from = request.dest() == null
                ? caller.current().orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                        MessageKey.TSCON_ERROR_NO_CONNECTION, caller.name() + " has no connection to move"))
                : targets.resolve(permit, request.dest());
        permit.requireFullControlOver(from, "moving another user's connection");
        Connection c = sessions.newestConnection(from).orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                MessageKey.TSCON_ERROR_NO_CONNECTION, "session " + from.id() + " has no connection"));
        try {
            sessions.switchConnection(c, target, new Actor(caller.name(), caller.uid(), caller.source()));
        } catch (IOException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.TSCON_ERROR_FAILED,
                    "session " + target.id() + ": cannot attach: " + e.getMessage(), e.getMessage());
        }
        events.accept(Events.of(Step.of(MessageKey.TSCON_V_DONE, target.id(), from.id())));
        return new ConnectReply(target.id(), from.id());
    }
}
