package termhost.daemon.os;

import java.util.List;

/**
 * The application's side of a PAM conversation, called on the thread that called into PAM, once
 * per conversation call of a module.
 */
@FunctionalInterface
public interface PamConversation {
    /**
     * @return one answer per message, in order (anything, e.g. null, for a message that is not a
     *         prompt), or null when it cannot answer: the module then gets {@code PAM_CONV_ERR}
     */
    List<String> converse(List<PamMessage> messages);
}
