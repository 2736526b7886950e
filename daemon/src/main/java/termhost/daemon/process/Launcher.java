package termhost.daemon.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts a program on pipes (an exec session's command line, already wrapped to run as its user). */
@FunctionalInterface
public interface Launcher {
    Launcher SYSTEM = (command, dir) -> new ProcessBuilder(command).directory(dir.toFile()).start();

    Process start(List<String> command, Path dir) throws IOException;
}
