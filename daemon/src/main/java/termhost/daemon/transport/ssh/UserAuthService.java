package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.List;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;

/**
 * MINA's userauth service, able to settle a {@code publickey} attempt later: MINA 2.20 takes an
 * {@code AsyncAuthException} from the password and keyboard-interactive methods only, yet a proven
 * key still waits for PAM's account stack, which must not run on the I/O thread. The method answers
 * "in progress" and keeps a {@link #ticket}; {@link #settle} answers the client when PAM has.
 *
 * <p>A ticket is the count of messages this service has processed: if the client sent anything
 * since (a new attempt, another method), the late verdict is dropped, as MINA itself drops an
 * async verdict once another message came, so it can never settle the wrong method (which
 * could skip a factor of {@code auth.methods}).
 */
final class UserAuthService extends ServerUserAuthService {
    private long processed;

    private UserAuthService(Session s) throws IOException {
        super(s);
    }

    @Override
    public synchronized void process(int cmd, Buffer buffer) throws Exception {
        processed++;
        super.process(cmd, buffer);
    }

    /** Identifies the attempt of the message being processed now; call inside the method's {@code doAuth}. */
    synchronized long ticket() {
        return processed;
    }

    /** Answers the attempt of {@code ticket}, unless the client has moved on since. */
    synchronized void settle(long ticket, boolean authenticated) {
        if (ticket == processed && !isClosing()) {
            asyncAuth(SshConstants.SSH_MSG_USERAUTH_REQUEST, new ByteArrayBuffer(), authenticated);
        }
    }

    /** The server's service factories: this userauth service, and MINA's connection service. */
    static List<ServiceFactory> factories() {
        return List.of(new ServerUserAuthServiceFactory() {
            @Override
            public Service create(Session session) throws IOException {
                return new UserAuthService(session);
            }
        }, ServerConnectionServiceFactory.INSTANCE);
    }
}
