package termhost.daemon.os;

/**
 * What termhost asks of the host's PAM stack, one handle per logon: {@code pam_start},
 * {@code pam_authenticate} (when asked), {@code pam_acct_mgmt}, then {@code pam_end}, all on the
 * calling thread. Modules may sleep (pam_faildelay), wait on the network or fork, so callers keep
 * this off threads that others wait on.
 */
public interface Pam {
    /** pam_strerror's numbers (Linux-PAM's {@code _pam_types.h}) that callers tell apart. */
    int SUCCESS = 0;
    int PERM_DENIED = 6;
    int AUTH_ERR = 7;
    int USER_UNKNOWN = 10;
    int NEW_AUTHTOK_REQD = 12;
    int ACCT_EXPIRED = 13;
    int CONV_ERR = 19;
    int ABORT = 26;

    /**
     * @param service the service file under {@code /etc/pam.d}
     * @param remoteHost {@code PAM_RHOST}, the client's address, or null
     * @param tty {@code PAM_TTY} ({@code ssh}, as sshd sets it before a terminal exists), or null
     * @param authenticate whether to run the auth stack before the account stack
     */
    record Request(String service, String user, String remoteHost, String tty, boolean authenticate) {
    }

    /**
     * @param code the return value of the step that ended the transaction
     * @param step that step's function, e.g. {@code pam_authenticate}
     * @param text pam_strerror of {@code code}
     */
    record Outcome(int code, String step, String text) {
        public boolean succeeded() {
            return code == SUCCESS;
        }

        /** The account stack says the password must change (pam_unix: expired, not yet inactive). */
        public boolean passwordExpired() {
            return code == NEW_AUTHTOK_REQD && step.equals("pam_acct_mgmt");
        }

        @Override
        public String toString() {
            return step + ": " + text;
        }
    }

    /** Runs the transaction on the calling thread; never throws for a PAM refusal, only returns it. */
    Outcome run(Request request, PamConversation conversation);
}
