package termhost.daemon.transport.ssh;

import org.apache.sshd.common.auth.UserAuthMethodFactory;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.LogonGate;

/**
 * The {@code password} method (RFC 4252 §8) through PAM: the password answers the auth stack's
 * first prompt without echo, then the account stack runs in the same transaction, on a PAM thread.
 * A client's request to change the password is refused (as sshd does with PAM).
 */
final class PasswordMethod extends PamMethod {
    static final String NAME = "password";

    private PasswordMethod(LogonChecks checks) {
        super(NAME, checks);
    }

    @Override
    protected Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        if (!init || !UserAuthMethodFactory.isSecureAuthenticationTransport(session)) {
            return Boolean.FALSE;
        }
        boolean change = buffer.getBoolean();
        String password = buffer.getString();
        if (change || !mayTry()) {
            return Boolean.FALSE;
        }
        LogonGate.Verdict before = checks.gate().admitByPassword(getUsername());
        return AsyncAuth.await(checks.pam().password(pamUser(before), remoteHost(), password)
                .thenApply(finished -> settle(before, finished)));
    }

    static UserAuthFactory factory(LogonChecks checks) {
        return new MethodFactory(NAME, session -> new PasswordMethod(checks));
    }
}
