package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.TerminalModes;

/**
 * Starts attach clients: {@code command} in a new PTY of the given size and the client's terminal
 * modes, with exactly {@code env},
 * recorded as the logon of {@code who} on that terminal (utmp, wtmp, lastlog).
 */
@FunctionalInterface
public interface Attacher {
    Attachment start(List<String> command, Map<String, String> env, int cols, int rows, TerminalModes modes,
            LoginRecords.Who who) throws IOException;
}
