package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.PamDialogue;
import termhost.daemon.os.OsUsers;

/**
 * What the PAM methods ({@code password}, {@code keyboard-interactive}) share: the checks before
 * PAM is asked, and the verdict after. A name {@link LogonGate#admitByPassword} refuses (unknown,
 * locked, root) still goes through PAM's questions and delay, and fails after them whatever the
 * answers, so a client learns nothing from how or how fast it is refused, as with sshd.
 *
 * <p>Each failed guess counts at once in the logon throttle (several passwords may be tried on
 * one connection); the connection's close then counts nothing more ({@link #GUESSES_COUNTED}).
 */
abstract class PamMethod extends AbstractUserAuth {
    static final AttributeKey<Boolean> GUESSES_COUNTED = new AttributeKey<>();
    /** What PAM is asked about when the client's name cannot even be looked up. */
    private static final String NO_USER = "NOUSER";

    protected final LogonChecks checks;

    protected PamMethod(String name, LogonChecks checks) {
        super(name);
        this.checks = checks;
    }

    /** Whether this attempt may go on to PAM at all; if not, the reason is kept for the audit row. */
    protected final boolean mayTry() {
        ServerSession s = getServerSession();
        if (s.getAttribute(PublicKeyMethod.REFUSED_WHEN_PROVEN) != null) {
            return false;
        }
        s.setAttribute(PublicKeyLogon.TRIED_USER, getUsername());
        Duration wait = checks.throttle().waitFor(ChannelCommand.hostOf(s.getClientAddress()));
        if (!wait.isZero()) {
            s.setAttribute(PublicKeyLogon.REFUSAL, "too many refused logons from this address; it may try again in "
                    + wait.toSeconds() + " s");
            return false;
        }
        return true;
    }

    /** The account name PAM is asked about for {@code before}, the gate's verdict on the name. */
    protected final String pamUser(LogonGate.Verdict before) {
        if (before instanceof LogonGate.Admitted a) {
            return a.user().name();
        }
        return OsUsers.isWellFormedName(getUsername()) ? getUsername() : NO_USER;
    }

    protected final String remoteHost() {
        return ChannelCommand.hostOf(getServerSession().getClientAddress());
    }

    /** Decides on PAM's verdict, shows PAM's texts and keeps what the audit and the throttle need. */
    protected final Boolean settle(LogonGate.Verdict before, PamDialogue.Finished finished) {
        try {
            return decide(before, finished);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Boolean decide(LogonGate.Verdict before, PamDialogue.Finished finished) throws IOException {
        ServerSession s = getServerSession();
        LogonGate.Verdict v = checks.gate().admitAuthenticated(before, finished);
        if (v instanceof LogonGate.Admitted a) {
            UserauthBanner.send(s, a.notice());
            s.setAttribute(PublicKeyLogon.OS_USER, a.user());
            s.removeAttribute(PublicKeyLogon.REFUSAL);
            return Boolean.TRUE;
        }
        LogonGate.Refused r = (LogonGate.Refused) v;
        s.setAttribute(PublicKeyLogon.REFUSAL, getName() + ": " + r.reason());
        if (r.proven()) {
            s.setAttribute(PublicKeyMethod.REFUSED_WHEN_PROVEN, Boolean.TRUE);
            s.removeAttribute(PublicKeyLogon.OS_USER);
        } else {
            checks.throttle().failed(remoteHost());
            s.setAttribute(GUESSES_COUNTED, Boolean.TRUE);
        }
        UserauthBanner.send(s, r.notice());
        return Boolean.FALSE;
    }
}
