package termhost.daemon.terminal;

/**
 * One connection's view of a terminal holder: a client of it running in a PTY, whose bytes the
 * one I/O loop moves ({@link TerminalIo}).
 */
public interface Attachment extends AutoCloseable {
    /** The terminal's output goes to {@code sink} from now on; it also hears when the terminal ends. */
    void startOutput(TerminalIo.Sink sink);

    /** True when all of the input is in now; else {@code written} runs once it is. */
    boolean write(byte[] data, int off, int len, Runnable written);

    void resize(int cols, int rows);

    /** Ends the client and its PTY; the sink hears {@code ended} once. A second call does nothing. */
    @Override
    void close();
}
