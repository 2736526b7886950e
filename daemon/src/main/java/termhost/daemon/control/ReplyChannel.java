package termhost.daemon.control;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;

/**
 * The {@link ReplySink} of one connection. It remembers whether the final {@code result} or
 * {@code error} went out, so the server can add the missing one after a handler without
 * ever sending two.
 */
final class ReplyChannel implements ReplySink {
    private final FdOutputStream raw;
    private final DataOutputStream out;
    private boolean finished;
    private boolean closed;

    ReplyChannel(int fd) {
        this.raw = new FdOutputStream(fd);
        this.out = new DataOutputStream(new BufferedOutputStream(raw));
    }

    @Override
    public synchronized void send(Message m) throws IOException {
        if (closed) {
            throw new IOException("control connection already closed; cannot send " + m.type());
        }
        if (finished) {
            throw new IOException("reply already complete; cannot send another " + m.type());
        }
        WireCodec.write(out, m);
        finished = Message.RESULT.equals(m.type()) || Message.ERROR.equals(m.type());
    }

    synchronized boolean finished() {
        return finished;
    }

    /** Stops further sends; the fd itself belongs to the connection. */
    synchronized void close() {
        closed = true;
        raw.close();
    }
}
