package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;
import termhost.daemon.process.Signals;

/**
 * One connection's view of a terminal: a tmux client running in a PTY. Its bytes move through
 * {@link TerminalIo} (no thread of its own): the PTY's output to the connection, the connection's
 * input into the PTY. A resize is a TIOCSWINSZ on the PTY, which tmux passes on to the program.
 *
 * <p>The PTY and the client are made by {@link Spawn}, not pty4j: pty4j starts each program
 * through two helper processes, sets the size only after the program started (so the program
 * could read 0x0) and keeps a JDK reaper thread per program. Here the size is on the PTY before
 * the client starts, and the client is reaped when its terminal is released.
 */
public final class PtyAttachment implements Attachment {
    private final Spawned spawned;
    private final TerminalIo.Terminal terminal;

    /** The client and its PTY. */
    private record Spawned(Spawn.Pty pty, int pid) {
        int master() {
            return pty.master();
        }
    }

    private PtyAttachment(Spawned spawned, TerminalIo.Terminal terminal) {
        this.spawned = spawned;
        this.terminal = terminal;
    }

    /**
     * Starts {@code command} in a new PTY of {@code cols} x {@code rows}, with exactly {@code env};
     * its output waits until {@link #startOutput}.
     */
    public static PtyAttachment start(TerminalIo io, List<String> command, Map<String, String> env, String dir,
            int cols, int rows) throws IOException {
        Spawn.Pty pty = Spawn.openPty(cols, rows);
        Spawned s;
        try {
            s = new Spawned(pty, Spawn.onPty(pty, command, env, dir));
        } catch (IOException | RuntimeException e) {
            Posix.close(pty.master());
            throw e;
        }
        try {
            return new PtyAttachment(s, io.register(s.master(), () -> release(s)));
        } catch (IOException | RuntimeException e) {
            release(s);
            throw e;
        }
    }

    /** Ends the client (if it has not ended), closes the PTY and collects the client's exit. */
    private static void release(Spawned s) {
        try {
            // not reaped yet, so the pid is still this child's, never someone else's
            Posix.kill(s.pid(), Signals.SIGKILL);
        } catch (IOException e) {
            // it exited already
        }
        Posix.close(s.master());
        Spawn.reap(s.pid());
    }

    /** The attacher of a daemon: every client's PTY joins the one I/O loop {@code io}. */
    public static Attacher attacher(TerminalIo io) {
        return (command, env, cols, rows) -> start(io, command, env, "/", cols, rows);
    }

    @Override
    public void startOutput(TerminalIo.Sink sink) {
        terminal.start(sink);
    }

    @Override
    public boolean write(byte[] data, int off, int len, Runnable written) {
        return terminal.write(data, off, len, written);
    }

    @Override
    public void resize(int cols, int rows) {
        if (cols > 0 && rows > 0) {
            terminal.ifOpen(() -> {
                try {
                    Spawn.setWindowSize(spawned.master(), cols, rows);
                } catch (IOException e) {
                    // the client is going away; its next attach gets the size again
                }
            });
        }
    }

    public long pid() {
        return spawned.pid();
    }

    /** Ends the tmux client and closes the PTY (through the I/O thread, which stops using it first). */
    @Override
    public void close() {
        terminal.close();
    }
}
