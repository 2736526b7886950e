package termhost.daemon.terminal;

import java.nio.file.Path;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;

/** Makes the terminal holder of a session: a new one, or one found again after a restart. */
@FunctionalInterface
public interface TerminalHolders {
    /**
     * @param serverPid the holder's process when it already runs (re-adoption), else null
     */
    TerminalHolder holder(Path socket, OsUser user, ProcessGroup group, Integer serverPid);
}
