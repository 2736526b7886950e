package termhost.daemon.control;

import termhost.api.wire.Message;

/**
 * Answers one control request. Called on a worker thread, at most {@code maxConcurrent} at a
 * time, once per connection.
 *
 * <p>Send zero or more {@code event}s, then exactly one {@code result} or {@code error}. If the
 * handler throws before its result, the server sends an {@code error.internal} error for it; if
 * it returns without one, the server sends an error too, so a client never waits for nothing.
 */
@FunctionalInterface
public interface ControlHandler {
    void handle(PeerCredentials peer, Message request, ReplySink replies) throws Exception;
}
