package termhost.daemon.session;

import java.util.Map;
import termhost.daemon.os.TerminalModes;

/**
 * What an interactive client asked for: its terminal type, size and modes, and the environment
 * variables it sent (a session takes LANG and LC_* of them: {@link SessionEnvironment#accepted}).
 */
public record TerminalSpec(String term, int cols, int rows, TerminalModes modes, Map<String, String> clientEnv) {
    public TerminalSpec {
        modes = modes == null ? TerminalModes.NONE : modes;
        term = term == null || term.isBlank() || !term.matches("[A-Za-z0-9._+-]{1,64}") ? "xterm" : term;
        cols = cols > 0 ? cols : 80;
        rows = rows > 0 ? rows : 24;
        clientEnv = Map.copyOf(clientEnv);
    }
}
