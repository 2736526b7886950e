package termhost.daemon.transport.ssh;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * Why an SSH connection ended, for the audit row of the disconnect it causes: what sshd's log says
 * of it ("Connection closed by", "Disconnected from", "Timeout, client not responding", "Read
 * error"), so an administrator can tell a user who left from a network that failed. The first
 * cause seen wins: a keep-alive timeout closes the connection, which then reads as closed.
 */
final class ConnectionEnd implements SessionListener {
    private static final AttributeKey<String> WHY = new AttributeKey<>();

    /** Records {@code why} as the cause of the end of {@code connection}, unless one is known already. */
    static void because(Session connection, String why) {
        connection.computeAttributeIfAbsent(WHY, k -> why);
    }

    /**
     * Why a session channel of {@code connection} ended: the recorded cause; else the client closed
     * the connection (it is closing), or only the channel.
     */
    static String of(Session connection) {
        String why = connection.getAttribute(WHY);
        if (why != null) {
            return why;
        }
        return connection.isOpen() && !connection.isClosing() ? "the client closed the channel"
                : "the client closed the connection";
    }

    @Override
    public void sessionDisconnect(Session session, int reason, String msg, String language, boolean initiator) {
        if (!initiator) {
            because(session, msg == null || msg.isBlank() ? "the client disconnected"
                    : "the client disconnected: " + msg.strip());
        }
    }

    @Override
    public void sessionException(Session session, Throwable t) {
        because(session, "network error: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
    }
}
