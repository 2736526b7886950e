package termhost.daemon.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One connection's view of a terminal: a tmux client running in a PTY. Its bytes move through
 * {@link TerminalIo} (no thread of its own): the PTY's output to the connection, the connection's
 * input into the PTY. A resize is a TIOCSWINSZ on the PTY, which tmux passes on to the program.
 */
public final class PtyAttachment implements AutoCloseable {
    private final PtyProcess process;
    private final TerminalIo.Terminal terminal;

    private PtyAttachment(PtyProcess process, TerminalIo.Terminal terminal) {
        this.process = process;
        this.terminal = terminal;
    }

    /** Starts {@code command} in a new PTY; its output waits until {@link #startOutput}. */
    public static PtyAttachment start(TerminalIo io, List<String> command, Map<String, String> env, String dir,
            int cols, int rows) throws IOException {
        // pty4j sets the initial size only after the fork, so the program may read 0x0 (tmux then
        // takes 80x24) and miss the SIGWINCH; stty sets it on the PTY before the program starts
        List<String> sized = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "stty cols " + cols + " rows " + rows + " 2>/dev/null; exec \"$@\"", "sh"));
        sized.addAll(command);
        PtyProcess p = new PtyProcessBuilder(sized.toArray(String[]::new))
                .setEnvironment(env)
                .setDirectory(dir)
                .setInitialColumns(cols)
                .setInitialRows(rows)
                .setConsole(false)
                .start();
        try {
            return new PtyAttachment(p, io.register(((UnixPtyProcess) p).getPty().getMasterFD(), () -> release(p)));
        } catch (IOException | RuntimeException e) {
            release(p);
            throw e;
        }
    }

    /** Ends the tmux client if it still runs, and closes the PTY. */
    private static void release(PtyProcess p) {
        if (p.isAlive()) {
            p.destroy(); // kills it and closes the streams
            return;
        }
        // not destroy(): it signals the pid, which may belong to another process by now
        try {
            p.getInputStream().close();
            p.getOutputStream().close();
            p.getErrorStream().close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** The terminal's output goes to {@code sink} from now on; it also hears when the terminal ends. */
    public void startOutput(TerminalIo.Sink sink) {
        terminal.start(sink);
    }

    /** See {@link TerminalIo.Terminal#write}: true when all of it is in now, else {@code written} runs later. */
    public boolean write(byte[] data, int off, int len, Runnable written) {
        return terminal.write(data, off, len, written);
    }

    public void resize(int cols, int rows) {
        if (cols > 0 && rows > 0) {
            terminal.ifOpen(() -> {
                if (process.isAlive()) {
                    process.setWinSize(new WinSize(cols, rows));
                }
            });
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the tmux client and closes the PTY (through the I/O thread, which stops using it first). */
    @Override
    public void close() {
        terminal.close();
    }
}
