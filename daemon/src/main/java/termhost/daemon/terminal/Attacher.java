package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Starts attach clients: {@code command} in a new PTY of the given size, with exactly {@code env}. */
@FunctionalInterface
public interface Attacher {
    Attachment start(List<String> command, Map<String, String> env, int cols, int rows) throws IOException;
}
