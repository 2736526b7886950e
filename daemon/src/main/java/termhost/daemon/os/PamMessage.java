package termhost.daemon.os;

/**
 * One message of a PAM conversation (Linux-PAM's {@code struct pam_message}): a prompt the user
 * answers, with or without echo, or a text the user is only shown.
 */
public record PamMessage(Style style, String text) {
    public enum Style {
        /** A secret: a password, a one-time code. */
        PROMPT_ECHO_OFF,
        PROMPT_ECHO_ON,
        ERROR,
        INFO;

        public boolean isPrompt() {
            return this == PROMPT_ECHO_OFF || this == PROMPT_ECHO_ON;
        }
    }
}
