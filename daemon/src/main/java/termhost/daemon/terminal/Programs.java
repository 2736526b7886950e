package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Starts programs whose streams join the I/O loop. */
public interface Programs {
    /** Programs spawned by the daemon, their streams in the loop {@code io}. */
    static Programs spawning(TerminalIo io) {
        return SpawnedProgram.starter(io);
    }

    /** A window size, for a program started on a PTY. */
    record Window(int cols, int rows) {
    }

    /**
     * Starts the program {@code argv} gives (an absolute path first) with exactly {@code env}, in
     * {@code dir}: on pipes ({@code argv} is given null), or on a PTY of {@code window} when it is
     * not null ({@code argv} is given the terminal's name, {@code /dev/pts/N}).
     */
    Program start(Function<String, List<String>> argv, Map<String, String> env, String dir, Window window)
            throws IOException;
}
