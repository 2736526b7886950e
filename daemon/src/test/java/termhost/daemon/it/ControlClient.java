package termhost.daemon.it;

import java.util.List;
import java.util.Map;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.op.LogoffRequest;
import termhost.api.op.QuerySessionRequest;
import termhost.cli.transport.LocalTransport;

/**
 * Requests to a test daemon's control socket made in the test's own JVM (as root): for loops that
 * query or log off hundreds of times, where a thin-client JVM per call would dominate the run.
 */
public final class ControlClient {
    private ControlClient() {
    }

    /** The rows {@code query-session} returns, as the wire carries them (fields id, name, user, state, logon, ...). */
    public static List<Map<String, String>> sessions(TermhostProcess host) {
        return new LocalTransport(host.socket()).call(new QuerySessionRequest(null), e -> { }).toMessage().rows();
    }

    /** Logs off session {@code id}; returns the result, throws {@link TermhostException} on an error reply. */
    public static LogoffReply logoff(TermhostProcess host, int id) {
        return new LocalTransport(host.socket()).call(new LogoffRequest(Integer.toString(id), null), e -> { });
    }
}
