package termhost.daemon.authz;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import termhost.daemon.session.Session;

/**
 * {@code tscon N /password:pw}: as on Windows, the password of the user who owns session N lets
 * another user connect to it (with the Connect right). The host's PAM checks it (auth and account
 * stacks, as at logon). A wrong one is refused as access denied, audited, and counts against the
 * caller (by uid) in the same kind of throttle as logons, so a local user cannot guess at speed.
 * The request's own thread waits, bounded: it is the asking command's, nobody else's.
 */
public final class OwnerPasswords {
    private final PamLogons pam;
    private final LogonThrottle throttle;
    private final Duration timeout;

    public OwnerPasswords(PamLogons pam, LogonThrottle throttle, Duration timeout) {
        this.pam = pam;
        this.throttle = throttle;
        this.timeout = timeout;
    }

    /** Returns when {@code password} is {@code target}'s owner's; otherwise throws the audited refusal. */
    public void require(SessionPermit permit, Session target, String password) {
        String who = "uid " + permit.caller().uid();
        Duration wait = throttle.waitFor(who);
        if (!wait.isZero()) {
            throw permit.refusal(target, "too many wrong passwords from " + permit.caller().name() + "; try again in "
                    + wait.toSeconds() + " s");
        }
        PamDialogue.Finished f = check(target.owner().name(), password);
        if (!f.outcome().succeeded()) {
            throttle.failed(who);
            throw permit.refusal(target, "not " + target.owner().name() + "'s password (" + f.outcome() + ")");
        }
    }

    private PamDialogue.Finished check(String user, String password) {
        try {
            return pam.password(user, null, password).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return aborted("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return aborted(e.toString());
        }
    }

    private static PamDialogue.Finished aborted(String why) {
        return new PamDialogue.Finished(new termhost.daemon.os.Pam.Outcome(termhost.daemon.os.Pam.ABORT, "pam", why), "");
    }
}
