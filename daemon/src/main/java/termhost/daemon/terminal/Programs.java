package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.TerminalModes;

/** Starts programs whose streams join the I/O loop. */
public interface Programs {
    /** Programs spawned by the daemon, their streams in the loop {@code io}, logons on PTYs in {@code records}. */
    static Programs spawning(TerminalIo io, LoginRecords records) {
        return SpawnedProgram.starter(io, records);
    }

    /** The terminal a program is started on: its window size and the client's terminal modes. */
    record Tty(int cols, int rows, TerminalModes modes) {
    }

    /**
     * Starts the program {@code argv} gives (an absolute path first) with exactly {@code env}, in
     * {@code dir}: on pipes ({@code argv} is given null), or on a PTY of {@code tty} when it is
     * not null ({@code argv} is given the terminal's name, {@code /dev/pts/N}, and the terminal is
     * recorded as a logon of {@code who}, as sshd records a pty session).
     *
     * @param refused null when {@code argv} runs no session leader; else it runs one
     *     ({@code UserCommand.session} with status descriptor {@value #STATUS_FD}), and this runs
     *     when the host's PAM session stack refused the session, before the end is reported. The
     *     program ends when the leader says its first process ended, while the leader itself waits
     *     for what that process left behind
     */
    Program start(Function<String, List<String>> argv, Map<String, String> env, String dir, Tty tty,
            LoginRecords.Who who, Runnable refused) throws IOException;

    /** The descriptor a session leader started here tells its first process's end on. */
    int STATUS_FD = 3;
}
