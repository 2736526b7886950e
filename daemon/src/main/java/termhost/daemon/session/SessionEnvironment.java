package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import termhost.daemon.config.Layout;
import termhost.daemon.os.FilesystemIdentity;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.Posix;
import termhost.daemon.process.UserCommand;

/**
 * What a session's processes start with: their directory in the run dir, and their environment.
 * The environment is built here, whole, from the account and the client's terminal; nothing of the
 * daemon's own environment leaks in.
 */
public final class SessionEnvironment {
    private static final String BASE_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";
    private static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Layout layout;
    private final boolean daemonIsRoot;

    public SessionEnvironment(Layout layout, boolean daemonIsRoot) {
        this.layout = layout;
        this.daemonIsRoot = daemonIsRoot;
    }

    /** The session's directory (tmux socket and config), owned by its user, mode 0700. */
    Path prepareSessionDir(int id, OsUser user) throws IOException {
        Path dir = layout.sessionDir(id);
        removeSessionDir(id);
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        Posix.chmod(dir, 0700);
        if (daemonIsRoot) {
            Posix.chown(dir, user.uid(), user.gid());
        }
        return dir;
    }

    Path sessionDir(int id) {
        return layout.sessionDir(id);
    }

    /**
     * Removes the session's directory: what is in it as its owner, who made it (the user may have
     * swapped one of its directories for a link while we walk: as root, the deletes would follow
     * it), then the directory itself, which is in the daemon's own directory.
     */
    void removeSessionDir(int id) {
        Path dir = layout.sessionDir(id);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            FilesystemIdentity.as(uid, gid, () -> {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                return null;
            });
            Files.delete(dir);
        } catch (IOException | RuntimeException e) {
            // a leftover directory is harmless: the next session with this id clears it
        }
    }

    String shellOf(OsUser user) {
        String shell = user.shell();
        return shell == null || shell.isBlank() ? "/bin/sh" : shell;
    }

    /**
     * The login environment of an interactive session's shell. Its {@code SSH_TTY} is set in the
     * pane, where the terminal's name is known ({@code TmuxTerminal.paneCommand}).
     *
     * @param client the client's address, {@code host:port}
     * @param server the address the client connected to, {@code host:port}
     */
    Map<String, String> shellEnvironment(OsUser user, int sessionId, TerminalSpec spec, String client,
            String server) {
        Map<String, String> env = base(user, sessionId, spec.clientEnv(), client, server);
        env.put("TERM", spec.term());
        return env;
    }

    /**
     * The environment of an exec request's command: on pipes ({@code terminal} null), or on the
     * terminal {@code tty} ({@code /dev/pts/N}) the client asked for, as OpenSSH sets it.
     */
    Map<String, String> execEnvironment(OsUser user, int sessionId, Map<String, String> clientEnv,
            TerminalSpec terminal, String tty, String client, String server) {
        if (terminal == null) {
            return base(user, sessionId, clientEnv, client, server);
        }
        Map<String, String> env = shellEnvironment(user, sessionId, terminal, client, server);
        env.put("SSH_TTY", tty);
        return env;
    }

    /**
     * The variables a client sent that a session takes: LANG and LC_*, as Debian's sshd takes them
     * ({@code AcceptEnv LANG LC_*}), with any value as sshd passes it on, but one holding a NUL
     * (no environment can: sshd refuses such a string outright). Some clients send other data under
     * LC_* names on purpose ({@code LC_TERMINAL=iTerm2}), since that is what sshd lets through.
     */
    static Map<String, String> accepted(Map<String, String> clientEnv) {
        Map<String, String> taken = new LinkedHashMap<>();
        clientEnv.forEach((k, v) -> {
            if ((k.equals("LANG") || k.startsWith("LC_")) && k.indexOf('=') < 0 && k.indexOf('\0') < 0
                    && v.indexOf('\0') < 0) {
                taken.put(k, v);
            }
        });
        return taken;
    }

    private Map<String, String> base(OsUser user, int sessionId, Map<String, String> clientEnv, String client,
            String server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", user.home());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        env.put("SHELL", shellOf(user));
        env.put("PATH", layout.binDir() + ":" + (user.uid() == 0 ? ROOT_PATH : BASE_PATH));
        env.put("LANG", "C.UTF-8");
        env.putAll(accepted(clientEnv));
        // exactly as OpenSSH's session.c: "ip port port" and "ip port ip port", the server side being
        // the connection's own (the address and port the client reached), not the listener's
        env.put("SSH_CLIENT", hostOf(client) + " " + portOf(client) + " " + portOf(server));
        env.put("SSH_CONNECTION", hostOf(client) + " " + portOf(client) + " " + hostOf(server) + " " + portOf(server));
        // informational only: the daemon never trusts it, it finds sessions by cgroup
        env.put("TERMHOST_SESSION_ID", Integer.toString(sessionId));
        env.put("TERMHOST_SOCKET", layout.controlSocket().toString());
        env.put("TERMHOST_BIN", layout.binDir().toString());
        return env;
    }

    /**
     * What the session leader tells PAM of a logon from {@code client} ({@code host:port}).
     *
     * @param tty the session's terminal, or null: then {@code ssh}, as sshd sets {@code PAM_TTY} for a
     *     session without one. An interactive session's terminal, its pane's, is made by tmux after the
     *     PAM session opened, so it is {@code ssh} too
     */
    static UserCommand.Logon logon(String client, Map<String, String> clientEnv, String tty) {
        return new UserCommand.Logon(hostOf(client), tty == null ? "ssh" : tty, accepted(clientEnv).keySet());
    }

    /** The host part of {@code host:port} or {@code [v6]:port}. */
    public static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static String portOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? "0" : address.substring(colon + 1);
    }
}
