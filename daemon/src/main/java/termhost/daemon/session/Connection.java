package termhost.daemon.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import termhost.daemon.terminal.PtyAttachment;

/**
 * One client attached to an interactive session: input goes into the tmux client's PTY (and
 * counts as user input for idle time), output comes back to the {@link Viewer}.
 */
public final class Connection {
    private final int number;
    private final Session session;
    private final Viewer viewer;
    private final PtyAttachment attachment;
    private final Clock clock;
    private final TerminalSpec spec;
    private final AtomicBoolean ended = new AtomicBoolean();

    Connection(int number, Session session, Viewer viewer, PtyAttachment attachment, Clock clock, TerminalSpec spec) {
        this.number = number;
        this.session = session;
        this.viewer = viewer;
        this.attachment = attachment;
        this.clock = clock;
        this.spec = spec;
    }

    TerminalSpec spec() {
        return spec;
    }

    public int number() {
        return number;
    }

    public Session session() {
        return session;
    }

    Viewer viewer() {
        return viewer;
    }

    PtyAttachment attachment() {
        return attachment;
    }

    /** Keystrokes from the client. */
    public void input(byte[] buf, int off, int len) throws IOException {
        session.inputAt(clock.instant());
        OutputStream in = attachment.input();
        in.write(buf, off, len);
        in.flush();
    }

    public void resize(int cols, int rows) {
        attachment.resize(cols, rows);
    }

    /** Copies terminal output to the viewer until the tmux client ends. */
    void pumpOutput() {
        // a PTY read returns at most a few KiB: a bigger buffer only costs memory per connection
        byte[] buf = new byte[8 * 1024];
        InputStream out = attachment.output();
        try {
            for (int n; (n = out.read(buf)) >= 0; ) {
                // once ended, what the tmux client prints as it dies ("[terminated]", a screen reset)
                // is drained but not shown: it would wipe the one-line reason the viewer was given
                if (n > 0 && !ended.get()) {
                    OutputStream v = viewer.output();
                    v.write(buf, 0, n);
                    v.flush();
                }
            }
        } catch (IOException e) {
            // the PTY closed (tmux client gone) or the viewer did: either ends the connection
        }
    }

    /** Ends the viewer once; later calls do nothing. */
    void endViewer(String reason, int status) {
        if (ended.compareAndSet(false, true)) {
            attachment.close();
            viewer.end(reason, status);
        }
    }

    /** Ends this connection's terminal but not its client, which moves on (tscon). */
    void detachKeepingViewer() {
        if (ended.compareAndSet(false, true)) {
            attachment.close();
        }
    }

    boolean ended() {
        return ended.get();
    }
}
