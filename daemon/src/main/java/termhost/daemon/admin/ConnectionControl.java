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
import termhost.daemon.authz.OwnerPasswords;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.Session;

/**
 * {@code tsdiscon} and {@code tscon}: moving connections, never processes.
 *
 * <p>tscon to another user's session: as Windows, Connect and that user's password
 * ({@code /password:}, checked by the host's PAM: {@link OwnerPasswords}); without a password,
 * Connect alone would hand the caller the other user's shell, so then it needs Full Control too
 * (an administrator, who could read that session anyway). One's own sessions need nothing more.
 */
public final class ConnectionControl {
    private final ManagedSessions sessions;
    private final SessionTargets targets;
    private final OwnerPasswords passwords;

    public ConnectionControl(ManagedSessions sessions, OwnerPasswords passwords) {
        this.sessions = sessions;
        this.passwords = passwords;
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
        Caller caller = permit.caller();
        Session target = targets.resolve(permit, request.session());
        if (request.password() != null && target.owner().uid() != caller.uid()) {
            passwords.require(permit, target, request.password());
        } else {
            permit.requireFullControlOver(target,
                    "another user's session needs Connect and its owner's password, or Full Control");
        }
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
