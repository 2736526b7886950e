package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import termhost.daemon.forward.NetHelper;
import termhost.daemon.os.NativeHelpers;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.UserCommand;

/** Starts {@code termhost-net} helpers as a session's user, in its group: for tunnels and agent sockets. */
final class NetHelpers {
    /** The program's name among the daemon's native helpers. */
    static final String HELPER = "termhost-net";

    private final UserCommand userCommand;
    private final NativeHelpers helpers;

    NetHelpers(UserCommand userCommand, NativeHelpers helpers) {
        this.userCommand = userCommand;
        this.helpers = helpers;
    }

    /**
     * A helper running as {@code user} in {@code group}.
     *
     * @param logon null for a helper that runs beside the session's own first process (an agent
     *     socket's, which only binds); else the helper is the session's first process (a tunnel's),
     *     under the session leader with the PAM session of that logon, as an exec session's command is
     */
    NetHelper start(ProcessGroup group, OsUser user, UserCommand.Logon logon) throws IOException {
        Path helper = helpers.find(HELPER).orElseThrow(() -> new IOException(
                HELPER + " is not in " + helpers.directory() + ": forwarding is off"));
        Map<String, String> env = Map.of("HOME", user.home(), "USER", user.name());
        List<String> command = List.of(helper.toString());
        if (logon != null && userCommand.leads(group)) {
            // the leader enters the home as the user; its descriptor 0, the control socket, goes to the helper
            return NetHelper.start(userCommand.session(group, user, env, command, logon, user.home(), -1), "/");
        }
        Path home = Path.of(user.home());
        return NetHelper.start(userCommand.build(group, user, env, command),
                Files.isDirectory(home) ? home.toString() : "/");
    }
}
