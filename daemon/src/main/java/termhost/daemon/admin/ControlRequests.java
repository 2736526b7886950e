package termhost.daemon.admin;

import java.util.Optional;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.cli.transport.Replies;
import termhost.daemon.control.ControlHandler;
import termhost.daemon.control.PeerCredentials;
import termhost.daemon.control.ReplySink;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * Requests from the local control socket: the caller is who the kernel says (SO_PEERCRED), and its
 * current session is the one whose process group holds the caller's pid.
 */
public final class ControlRequests implements ControlHandler {
    private final AdminService admin;
    private final SessionManager sessions;
    private final OsUsers users;

    public ControlRequests(AdminService admin, SessionManager sessions, OsUsers users) {
        this.admin = admin;
        this.sessions = sessions;
        this.users = users;
    }

    @Override
    public void handle(PeerCredentials peer, Message request, ReplySink replies) throws Exception {
        Optional<OsUser> user = users.byUid(peer.uid());
        Optional<Session> current = sessions.sessionOfPid(peer.pid());
        Caller caller = new Caller(peer.uid(), user.map(OsUser::name).orElse("uid " + peer.uid()),
                user.orElse(null), "local pid " + peer.pid(), current);
        Message reply;
        try {
            reply = admin.handle(caller, request, event -> {
                try {
                    replies.send(event);
                } catch (java.io.IOException e) {
                    // the client left; the operation goes on and is audited anyway
                }
            });
        } catch (TermhostException e) {
            reply = Replies.error(e);
        }
        replies.send(reply);
    }
}
