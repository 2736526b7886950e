package termhost.daemon.terminal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import termhost.daemon.process.UserCommand;

/**
 * A session's terminal holder: what keeps its shell and screen while no client is attached, and
 * lets clients attach (tmux, in {@link TmuxTerminal}). It runs as the session's user inside the
 * session's process group, and outlives connections and the daemon.
 */
public interface TerminalHolder {
    /** What the holder itself answers about the session it holds. */
    enum Presence {
        /** The session (and so its shell) exists: it can be attached. */
        PRESENT,
        /** The holder answered that there is no such session or no server: the shell has ended. */
        GONE,
        /** No clear answer (hung, or an error we do not know): decide nothing from it. */
        UNKNOWN
    }

    /** Where clients reach it; stored, so a restarted daemon finds it again. */
    Path socket();

    /**
     * Starts the holder with the user's login shell in it, {@code greeting} shown first;
     * afterwards {@link #serverPid} is known.
     *
     * @param env the shell's environment (HOME, USER, PATH, TERM, ...)
     * @param logon what the session's PAM session is told of the logon
     */
    void start(Map<String, String> env, String shell, int cols, int rows, Greeting greeting, UserCommand.Logon logon)
            throws IOException, InterruptedException;

    /** The holder's own process (stored, to find it again after a restart); null before start. */
    Integer serverPid();

    /** The command of the client that attaches one connection; run it in a PTY. */
    List<String> attachCommand(Map<String, String> clientEnv);

    /**
     * Asks the holder whether its session still exists: the one fact about the shell that cannot
     * race its end (tmux destroys the session once it has reaped the shell, and only then tells
     * attached clients to exit). Costs a short process.
     */
    Presence presence();

    /**
     * True while the holder's process lives. Cheap (no process started) and never wrong when it
     * says false; it may still say true for a few milliseconds after the shell ended.
     */
    boolean alive();

    /** Shows {@code script} in a popup over the attached client's screen; false when none is attached. */
    boolean popup(Path script, int width, int height, String title);

    /** The size of the smallest attached client ({cols, rows}), or empty when none is attached. */
    Optional<int[]> clientSize();

    /** Blocks until something in the session signals {@code channel}, at most {@code seconds}. */
    boolean waitFor(String channel, long seconds);
}
