package termhost.daemon.terminal;

import java.util.function.Consumer;
import termhost.daemon.os.Spawn;

/**
 * A program the daemon started for a session (an exec request's command line, an sftp-server),
 * its streams moved by the one I/O loop ({@link TerminalIo}), no thread of its own.
 */
public interface Program {
    /**
     * Starts moving its output: stdout to {@code out}, stderr to {@code err} (on a PTY both come
     * to {@code out}); {@code exited} hears how it ended, once, after all it wrote was sent.
     */
    void start(TerminalIo.Sink out, TerminalIo.Sink err, Consumer<Spawn.ExitStatus> exited);

    /** Input for it: true when all of it is in now; else {@code written} runs once it is. */
    boolean write(byte[] data, int off, int len, Runnable written);

    /** The client's input ended: the program reads EOF once what was written is in. */
    void endInput();

    /** On a PTY, the client's new window size; otherwise nothing. */
    void resize(int cols, int rows);

    /** Stops moving its bytes (its client is gone); the program itself ends with its session. */
    void close();
}
