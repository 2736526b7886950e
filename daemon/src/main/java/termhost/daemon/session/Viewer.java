package termhost.daemon.session;

import java.io.OutputStream;

/**
 * The far end of a connection, as the session domain sees it: somewhere to write terminal output
 * and something the daemon can end. The SSH transport implements it; the domain never sees SSH.
 */
public interface Viewer {
    /** Where the session's terminal output goes. */
    OutputStream output();

    /** The client's address, {@code host:port}, as shown in the audit log. */
    String clientAddress();

    /**
     * Ends the connection from our side: prints {@code reason} as one line (if not null) and closes
     * with {@code exitStatus}. Called at most once per viewer.
     */
    void end(String reason, int exitStatus);

    /** The client now views another session through {@code next} (tscon); input goes there. */
    void switched(Connection next);
}
