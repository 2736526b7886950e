package termhost.daemon.transport.ssh;

import java.io.IOException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;

/**
 * Text for the user before the logon is decided (RFC 4252 §5.4: allowed at any time before the
 * authentication succeeds): /etc/nologin's, PAM's messages. OpenSSH prints banners at its default
 * {@code LogLevel} INFO and above only, so {@code ssh -q} shows none.
 */
final class UserauthBanner {
    private UserauthBanner() {
    }

    /** Sends {@code text}; null or empty sends nothing. */
    static void send(ServerSession session, String text) throws IOException {
        if (text == null || text.isEmpty()) {
            return;
        }
        // the banner is a string a client may read as a C string: a NUL would cut it or fail it
        String safe = text.replace('\0', ' ');
        Buffer b = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_BANNER, safe.length() * 3 + 16);
        b.putString(safe);
        b.putString(""); // language tag
        session.writePacket(b);
    }
}
