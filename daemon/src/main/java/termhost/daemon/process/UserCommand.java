package termhost.daemon.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import termhost.daemon.os.OsUser;

/**
 * Command lines that run a program as a session's user: into the session's group first, then
 * {@code setpriv} to the user's uid, gid and groups, then {@code env -i} with exactly the
 * environment we chose. When the daemon already runs as that user (the single-user mode) there is
 * nothing to drop.
 *
 * <p>A session's first process ({@link #session}) runs under the session leader instead
 * ({@code termhost-leader}, daemon/src/main/c): a root process outside the session's cgroup that
 * holds the session's PAM session stack open and is the subreaper of everything the session
 * orphans. It does what the prefix above does, in its child. Without it (not root, no cgroup, or
 * no helper built) sessions start as before, without the PAM session stack.
 */
public final class UserCommand {
    /** The session leader's exit code when the PAM session did not open (termhost-leader.c). */
    public static final int SESSION_REFUSED = 254;

    private final boolean dropPrivileges;
    private final Optional<Path> leader;
    private final String pamService;

    /** Without a session leader. */
    public UserCommand(boolean daemonIsRoot) {
        this(daemonIsRoot, Optional.empty(), null);
    }

    /**
     * @param leader the session leader's program, used when the daemon is root
     * @param pamService the PAM service whose session stack the leader opens
     */
    public UserCommand(boolean daemonIsRoot, Optional<Path> leader, String pamService) {
        this.dropPrivileges = daemonIsRoot;
        this.leader = daemonIsRoot ? leader : Optional.empty();
        this.pamService = pamService;
    }

    /**
     * What the leader gives PAM of a logon.
     *
     * @param remoteHost {@code PAM_RHOST}: the client's address
     * @param tty {@code PAM_TTY}: the terminal's path, or {@code ssh} where there is none yet, as sshd
     * @param keep variables PAM's environment (pam_env) must not replace: those the client sent, as
     *     sshd lets a client's LANG stand over the host's default locale
     */
    public record Logon(String remoteHost, String tty, Set<String> keep) {
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

    /** Whether {@link #session} starts a session leader for {@code group}. */
    public boolean leads(ProcessGroup group) {
        return leader.isPresent() && !group.procsFiles().isEmpty();
    }

    /**
     * The command line of a session's first process: under a session leader where there is one
     * ({@link #leads}), which enters {@code dir} as the user; else as {@link #build}.
     *
     * @param statusFd where the leader tells the first process's end (its wait status), ahead of its
     *     own, which waits for everything the session left; -1 for nowhere
     */
    public List<String> session(ProcessGroup group, OsUser user, Map<String, String> env, List<String> command,
            Logon logon, String dir, int statusFd) {
        if (!leads(group)) {
            return build(group, user, env, command);
        }
        List<String> cmd = new ArrayList<>(List.of(leader.get().toString(), "--service", pamService, "--user",
                user.name(), "--tty", logon.tty(), "--dir", dir));
        if (logon.remoteHost() != null) {
            cmd.addAll(List.of("--rhost", logon.remoteHost()));
        }
        group.procsFiles().forEach(f -> cmd.addAll(List.of("--join", f.toString())));
        Map<String, String> fullEnv = new TreeMap<>(env);
        fullEnv.putAll(group.launchEnvironment());
        fullEnv.forEach((k, v) -> cmd.addAll(List.of("--env", k + "=" + v)));
        logon.keep().forEach(k -> cmd.addAll(List.of("--keep", k)));
        if (statusFd >= 0) {
            cmd.addAll(List.of("--status-fd", Integer.toString(statusFd)));
        }
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }
}
