package termhost.daemon.control;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;

/**
 * One accepted control connection: identify the peer, read its single request, let the handler
 * answer, close. Owns the fd from construction on and always closes it.
 *
 * <p>Whatever the client sends or fails to send ends in an error reply (when the socket is
 * still writable) and a closed fd here, never in an exception that reaches the accept loop.
 */
final class ControlConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ControlConnection.class);
    /** A client that stops reading replies must not pin a worker either. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final int fd;
    private final ControlHandler handler;
    private final Duration requestTimeout;

    ControlConnection(int fd, ControlHandler handler, Duration requestTimeout) {
        this.fd = fd;
        this.handler = handler;
        this.requestTimeout = requestTimeout;
    }

    /** Closes the fd unserved, for a connection no worker will ever run. */
    void abandon() {
        UnixSockets.close(fd);
    }

    @Override
    public void run() {
        ReplyChannel replies = new ReplyChannel(fd);
        try {
            serve(replies);
        } finally {
            replies.close();
            UnixSockets.close(fd);
        }
    }

    private void serve(ReplyChannel replies) {
        PeerCredentials peer;
        try {
            UnixSockets.setTimeout(fd, SocketCalls.SO_SNDTIMEO, SEND_TIMEOUT);
            peer = UnixSockets.peerCredentials(fd);
        } catch (IOException e) {
            log.warn("control connection dropped: {}", e.getMessage());
            return;
        }
        Message request;
        try (FdInputStream in = new FdInputStream(fd, requestTimeout)) {
            request = WireCodec.read(new DataInputStream(new BufferedInputStream(in)));
        } catch (SocketTimeoutException e) {
            reject(replies, peer, "no complete request within " + requestTimeout.toMillis() + " ms");
            return;
        } catch (EOFException e) {
            reject(replies, peer, "request ended mid-frame");
            return;
        } catch (WireCodec.ProtocolException e) {
            reject(replies, peer, e.getMessage());
            return;
        } catch (IOException e) {
            log.debug("control connection from {} failed while reading: {}", peer, e.getMessage());
            return;
        }
        if (request != null) { // null: connected and left without asking, e.g. a liveness probe
            dispatch(peer, request, replies);
        }
    }

    private void dispatch(PeerCredentials peer, Message request, ReplyChannel replies) {
        try {
            handler.handle(peer, request, replies);
            if (!replies.finished()) {
                log.warn("control handler for '{}' from {} returned without a result", request.type(), peer);
                trySend(replies, ErrorReplies.internal("no result for request '" + request.type() + "'"));
            }
        } catch (Exception e) {
            log.warn("control request '{}' from {} failed", request.type(), peer, e);
            if (!replies.finished()) {
                String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                trySend(replies, ErrorReplies.internal(detail));
            }
        }
    }

    private static void reject(ReplyChannel replies, PeerCredentials peer, String detail) {
        log.info("malformed control request from {}: {}", peer, detail);
        trySend(replies, ErrorReplies.malformed(detail));
    }

    /** The client may already be gone; then there is no one left to tell. */
    private static void trySend(ReplyChannel replies, Message m) {
        try {
            replies.send(m);
        } catch (IOException e) {
            log.debug("could not send {} to control client: {}", m.type(), e.getMessage());
        }
    }
}
