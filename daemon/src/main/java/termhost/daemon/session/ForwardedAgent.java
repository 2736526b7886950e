package termhost.daemon.session;

/**
 * A client's agent, reached through its SSH connection ({@code ssh -A}, allowed by the policy):
 * what a session's agent socket ({@link AgentSockets}) sends each accepted connection to. The
 * transport implements it; the domain never sees SSH.
 */
public interface ForwardedAgent {
    /** The uid the connection logged on as: only the session owner's agent serves the session. */
    int uid();

    /**
     * Opens a channel to the client's agent for {@code fd}, a connected socket, which it takes over:
     * it is closed when the channel ends, or at once when the channel cannot be opened.
     */
    void open(int fd);
}
