package termhost.daemon.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One connection's view of a terminal: a tmux client running in a PTY. The daemon copies the PTY's
 * output to the connection and the connection's input into the PTY; a resize is a TIOCSWINSZ on
 * the PTY, which tmux passes on to the program.
 */
public final class PtyAttachment implements AutoCloseable {
    private final PtyProcess process;

    private PtyAttachment(PtyProcess process) {
        this.process = process;
    }

    public static PtyAttachment start(List<String> command, Map<String, String> env, String dir, int cols, int rows)
            throws IOException {
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
        return new PtyAttachment(p);
    }

    public InputStream output() {
        return process.getInputStream();
    }

    public OutputStream input() {
        return process.getOutputStream();
    }

    public void resize(int cols, int rows) {
        if (cols > 0 && rows > 0 && process.isAlive()) {
            process.setWinSize(new WinSize(cols, rows));
        }
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
