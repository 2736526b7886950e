package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;
import termhost.daemon.os.TerminalModes;
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
    private final PtyProcess spawned;
    private final TerminalIo.Terminal terminal;

    private PtyAttachment(PtyProcess spawned, TerminalIo.Terminal terminal) {
        this.spawned = spawned;
        this.terminal = terminal;
    }

    /**
     * Starts {@code command} in a new PTY of {@code cols} x {@code rows} with the client's
     * {@code modes}, with exactly {@code env},
     * as the logon of {@code who} on that terminal ({@link PtyProcess}); its output waits until
     * {@link #startOutput}.
     */
    public static PtyAttachment start(TerminalIo io, LoginRecords records, List<String> command,
            Map<String, String> env, String dir, int cols, int rows, TerminalModes modes, LoginRecords.Who who)
            throws IOException {
        PtyProcess p = PtyProcess.start(records, tty -> command, env, dir, cols, rows, modes, who, -1);
        try {
            return new PtyAttachment(p, io.register(p.master(), () -> release(p)));
        } catch (IOException | RuntimeException e) {
            release(p);
            throw e;
        }
    }

    /** Ends the client (if it has not ended), then the logon and the PTY, and collects the client's exit. */
    private static void release(PtyProcess p) {
        try {
            // not reaped yet, so the pid is still this child's, never someone else's
            Posix.kill(p.pid(), Signals.SIGKILL);
        } catch (IOException e) {
            // it exited already
        }
        p.releaseTerminal();
        Spawn.reap(p.pid());
    }

    /** The attacher of a daemon: every client's PTY joins the one I/O loop {@code io}, its logon in {@code records}. */
    public static Attacher attacher(TerminalIo io, LoginRecords records) {
        return (command, env, cols, rows, modes, who) -> start(io, records, command, env, "/", cols, rows, modes,
                who);
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
