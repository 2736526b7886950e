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

    /** A helper running as {@code user} in {@code group}. */
    NetHelper start(ProcessGroup group, OsUser user) throws IOException {
        Path helper = helpers.find(HELPER).orElseThrow(() -> new IOException(
                HELPER + " is not in " + helpers.directory() + ": forwarding is off"));
        Path home = Path.of(user.home());
        List<String> argv = userCommand.build(group, user, Map.of("HOME", user.home(), "USER", user.name()),
                List.of(helper.toString()));
        return NetHelper.start(argv, Files.isDirectory(home) ? home.toString() : "/");
    }
}
