package termhost.daemon.session;

import java.util.Optional;

/**
 * The far end of a connection, as the session domain sees it: somewhere to write terminal output
 * and something the daemon can end. The SSH transport implements it; the domain never sees SSH.
 */
public interface Viewer {
    /**
     * Sends terminal output to the client without blocking; runs {@code sent} once it went out (or
     * could not: the client is gone), and only then is the next chunk sent.
     */
    void send(byte[] chunk, Runnable sent);

    /** The client's address, {@code host:port}, as shown in the audit log. */
    String clientAddress();

    /** The address the client connected to, {@code host:port} (the server's side of the connection). */
    String serverAddress();

    /**
     * Ends the connection from our side: prints {@code reason} as one line (if not null) and closes
     * with {@code exitStatus}. Called at most once per viewer.
     */
    void end(String reason, int exitStatus);

    /** The client now views another session through {@code next} (tscon); input goes there. */
    void switched(Connection next);

    /** The client's agent, when its connection forwards one ({@code ssh -A}, allowed); else empty. */
    default Optional<ForwardedAgent> agent() {
        return Optional.empty();
    }

    /**
     * This connection may forward an agent (the host's settings, the user's right, the key), whether
     * or not its client does now: a session it starts gets an agent socket, for a later connection
     * of the owner's that forwards one (sshd gives each connection its own; a session outlives them).
     */
    default boolean agentAllowed() {
        return agent().isPresent();
    }
}
