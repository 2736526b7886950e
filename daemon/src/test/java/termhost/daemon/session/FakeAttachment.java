package termhost.daemon.session;

import termhost.daemon.terminal.Attachment;
import termhost.daemon.terminal.TerminalIo;

/**
 * An attach client: its end is heard at once, on the caller's thread (the real one is heard on
 * another thread a moment later). {@link #endsOnItsOwn} is the client exiting by itself.
 */
final class FakeAttachment implements Attachment {
    private TerminalIo.Sink sink;
    private boolean ended;

    @Override
    public synchronized void startOutput(TerminalIo.Sink sink) {
        this.sink = sink;
    }

    @Override
    public boolean write(byte[] data, int off, int len, Runnable written) {
        return true;
    }

    @Override
    public void resize(int cols, int rows) {
    }

    /** The client exits (its shell's end, or it was killed): the session hears that its terminal ended. */
    void endsOnItsOwn() {
        close();
    }

    @Override
    public void close() {
        TerminalIo.Sink s;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            s = sink;
        }
        if (s != null) {
            s.ended();
        }
    }

    synchronized boolean ended() {
        return ended;
    }
}
