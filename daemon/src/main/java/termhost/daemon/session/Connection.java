package termhost.daemon.session;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import termhost.daemon.terminal.Attachment;
import termhost.daemon.terminal.TerminalIo;

/**
 * One client attached to an interactive session: input goes into the tmux client's PTY (and
 * counts as user input for idle time), output comes back to the {@link Viewer}.
 */
public final class Connection {
    private final int number;
    private final Session session;
    private final Viewer viewer;
    private final Attachment attachment;
    private final Clock clock;
    private final TerminalSpec spec;
    private final AtomicBoolean ended = new AtomicBoolean();

    Connection(int number, Session session, Viewer viewer, Attachment attachment, Clock clock, TerminalSpec spec) {
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

    Attachment attachment() {
        return attachment;
    }

    /**
     * Keystrokes from the client. Returns true when they are in the terminal now; otherwise
     * {@code written} runs once they are, and the caller reads no more from its client until then.
     */
    public boolean input(byte[] buf, int off, int len, Runnable written) {
        session.inputAt(clock.instant());
        return attachment.write(buf, off, len, written);
    }

    public void resize(int cols, int rows) {
        attachment.resize(cols, rows);
    }

    /** Starts copying terminal output to the viewer; {@code whenEnded} hears when the tmux client ends. */
    void startOutput(Consumer<Connection> whenEnded) {
        attachment.startOutput(new TerminalIo.Sink() {
            @Override
            public void output(byte[] chunk, Runnable sent) {
                // once ended, what the tmux client prints as it dies ("[terminated]", a screen reset)
                // is drained but not shown: it would wipe the one-line reason the viewer was given
                if (ended.get()) {
                    sent.run();
                } else {
                    viewer.send(chunk, sent);
                }
            }

            @Override
            public void ended() {
                whenEnded.accept(Connection.this);
            }
        });
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
