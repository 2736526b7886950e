package termhost.daemon.it;

import java.util.List;
import java.util.Map;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.transport.LocalTransport;

/**
 * Requests to a test daemon's control socket made in the test's own JVM (as root): for loops that
 * query or log off hundreds of times, where a thin-client JVM per call would dominate the run.
 */
public final class ControlClient {
    private ControlClient() {
    }

    /** The rows {@code query-session} returns (fields id, name, user, state, logon, ...). */
    public static List<Map<String, String>> sessions(TermhostProcess host) {
        return new LocalTransport(host.socket()).call(Message.of(Operations.QUERY_SESSION,
                Map.of(Operations.F_LANG, "C")), e -> { }).rows();
    }

    /** Logs off session {@code id}; returns the result message, throws {@link TermhostException} on an error reply. */
    public static Message logoff(TermhostProcess host, int id) {
        return new LocalTransport(host.socket()).call(Message.of(Operations.LOGOFF,
                Map.of(Operations.F_SESSION, Integer.toString(id), Operations.F_LANG, "C")), e -> { });
    }
}
