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
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * {@code tsdiscon} and {@code tscon}: moving connections, never processes.
 *
 * <p>tscon to another user's session: Windows asks for that user's password, which a key logon
 * never gives us, and Connect alone would hand the caller the other user's shell. So here it needs
 * Connect <em>and</em> Full Control (an administrator, who could read that session anyway), and
 * {@code /password:} is refused with a word on why. One's own sessions need nothing more.
 */
public final class ConnectionControl {
    private final SessionManager sessions;
    private final SessionTargets targets;
    private final AccessPolicy policy;

    public ConnectionControl(SessionManager sessions, SessionTargets targets, AccessPolicy policy) {
        this.sessions = sessions;
        this.targets = targets;
        this.policy = policy;
    }

    DisconnectReply disconnect(Caller caller, DisconnectRequest request, Consumer<Progress> events) {
        Session s = targets.resolve(caller, request.session(), "disconnect", MessageKey.TSDISCON_ERROR_RESERVED,
                Right.DISCONNECT);
        int n = sessions.disconnectAll(s.id(), new Actor(caller.name(), caller.uid(), caller.source()));
        events.accept(Events.of(Step.of(MessageKey.TSDISCON_V_DONE, s.id(), n)));
        return new DisconnectReply(s.id(), n);
    }

    ConnectReply connect(Caller caller, ConnectRequest request, Consumer<Progress> events) {
        if (request.passwordGiven()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.TSCON_ERROR_PASSWORD,
                    "/password is not used: termhost logs on with SSH keys and has no passwords");
        }
        Session target = targets.resolve(caller, request.session(), "connect", MessageKey.TSCON_ERROR_RESERVED,
                Right.CONNECT);
        if (target.owner().uid() != caller.uid() && !policy.isAdministrator(caller.uid(), caller.user())) {
            targets.deny(caller, target.id(), target.owner().name(),
                    "connect: another user's session needs Connect and Full Control");
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                    "session " + target.id() + " (" + target.owner().name() + "): cannot connect: access denied");
        }
        Session from = request.dest() == null
                ? caller.current().orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                        MessageKey.TSCON_ERROR_NO_CONNECTION, caller.name() + " has no connection to move"))
                : targets.resolve(caller, request.dest(), "connect", MessageKey.TSCON_ERROR_RESERVED, Right.CONNECT);
        if (from.owner().uid() != caller.uid() && !policy.isAdministrator(caller.uid(), caller.user())) {
            targets.deny(caller, from.id(), from.owner().name(), "connect: moving another user's connection");
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                    "session " + from.id() + ": cannot move its connection: access denied");
        }
        Connection c = sessions.newestConnection(from).orElseThrow(() -> new TermhostException(
                ErrorCategory.NOT_FOUND, MessageKey.TSCON_ERROR_NO_CONNECTION, "session " + from.id() + " has no connection"));
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
