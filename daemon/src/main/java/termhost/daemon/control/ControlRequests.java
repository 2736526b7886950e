package termhost.daemon.control;

import java.util.Optional;
import termhost.api.TermhostException;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;
import termhost.daemon.admin.AdminService;
import termhost.daemon.authz.Caller;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionRegistry;

/**
 * Requests from the local control socket: the caller is who the kernel says (SO_PEERCRED), and its
 * current session is the one whose process group holds the caller's pid.
 */
public final class ControlRequests implements ControlHandler {
    private final AdminService admin;
    private final SessionRegistry sessions;
    private final OsUsers users;

    public ControlRequests(AdminService admin, SessionRegistry sessions, OsUsers users) {
        this.admin = admin;
        this.sessions = sessions;
        this.users = users;
    }

    /**
     * Where a request came from, for the audit log: a process in a session is named with that
     * session's client (so {@code ssh host logoff 3}, run by the user's shell, shows the client's
     * address as it did when the daemon ran such commands itself); a process outside is local.
     */
    static String sourceOf(PeerCredentials peer, Optional<Session> current) {
        return current.filter(s -> s.clientAddress() != null)
                .map(s -> "ssh " + s.clientAddress() + " (session " + s.id() + ", pid " + peer.pid() + ")")
                .orElse("local pid " + peer.pid());
    }

    @Override
    public void handle(PeerCredentials peer, Message request, ReplySink replies) throws Exception {
        Optional<OsUser> user = users.byUid(peer.uid());
        Optional<Session> current = sessions.sessionOfPid(peer.pid());
        Caller caller = new Caller(peer.uid(), user.map(OsUser::name).orElse("uid " + peer.uid()),
                user.orElse(null), sourceOf(peer, current), current);
        Message reply;
        try {
            reply = admin.handle(caller, request, event -> {
                try {
                    replies.send(event.toMessage());
                } catch (java.io.IOException e) {
                    // the client left; the operation goes on and is audited anyway
                }
            });
        } catch (TermhostException e) {
            reply = ErrorReply.of(e).toMessage();
        }
        replies.send(reply);
    }
}
