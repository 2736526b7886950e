package termhost.daemon.process;

import java.io.IOException;

/**
 * The host's PAM session stack refused the session (termhost-leader ended with
 * {@link UserCommand#SESSION_REFUSED} before it started anything): a refused logon, not a failure
 * of ours. The message is the leader's, naming the step and PAM's reason.
 */
public final class SessionRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SessionRefusedException(String message) {
        super(message);
    }
}
