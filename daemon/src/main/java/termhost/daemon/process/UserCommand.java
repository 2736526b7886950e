package termhost.daemon.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import termhost.daemon.os.OsUser;

/**
 * Command lines that run a program as a session's user: into the session's group first, then
 * {@code setpriv} to the user's uid, gid and groups, then {@code env -i} with exactly the
 * environment we chose. When the daemon already runs as that user (the single-user mode) there is
 * nothing to drop.
 */
public final class UserCommand {
    private final boolean dropPrivileges;

    public UserCommand(boolean daemonIsRoot) {
        this.dropPrivileges = daemonIsRoot;
    }

    /**
     * @param group where the process goes before it execs; null for a helper outside any session
     *     (e.g. the tmux client that attaches a connection)
     */
    public List<String> build(ProcessGroup group, OsUser user, Map<String, String> env, List<String> command) {
        List<String> cmd = new ArrayList<>();
        Map<String, String> fullEnv = new TreeMap<>(env);
        if (group != null) {
            cmd.addAll(group.launchPrefix());
            fullEnv.putAll(group.launchEnvironment());
        }
        if (dropPrivileges) {
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(),
                    "--init-groups", "--inh-caps=-all", "--"));
        }
        cmd.add("/usr/bin/env");
        cmd.add("-i");
        fullEnv.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(command);
        return cmd;
    }
}
