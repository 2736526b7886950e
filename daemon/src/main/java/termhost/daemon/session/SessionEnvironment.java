package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import termhost.daemon.config.Layout;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.Posix;

/**
 * What a session's processes start with: their directory in the run dir, and their environment.
 * The environment is built here, whole, from the account and the client's terminal; nothing of the
 * daemon's own environment leaks in.
 */
public final class SessionEnvironment {
    private static final String BASE_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";
    private static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Layout layout;
    private final String listenHost;
    private final int listenPort;
    private final boolean daemonIsRoot;

    public SessionEnvironment(Layout layout, String listenHost, int listenPort, boolean daemonIsRoot) {
        this.layout = layout;
        this.listenHost = listenHost;
        this.listenPort = listenPort;
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

    void removeSessionDir(int id) {
        Path dir = layout.sessionDir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover directory is harmless: the next session with this id clears it
        }
    }

    String shellOf(OsUser user) {
        String shell = user.shell();
        return shell == null || shell.isBlank() ? "/bin/sh" : shell;
    }

    /** The login environment of an interactive session's shell. */
    Map<String, String> shellEnvironment(OsUser user, int sessionId, TerminalSpec spec, String clientAddress) {
        Map<String, String> env = base(user, sessionId, spec.clientEnv(), clientAddress);
        env.put("TERM", spec.term());
        return env;
    }

    /** The environment of an exec request's command (no terminal). */
    Map<String, String> execEnvironment(OsUser user, int sessionId, Map<String, String> clientEnv,
            String clientAddress) {
        return base(user, sessionId, clientEnv, clientAddress);
    }

    private Map<String, String> base(OsUser user, int sessionId, Map<String, String> clientEnv, String address) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", user.home());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        env.put("SHELL", shellOf(user));
        env.put("PATH", layout.binDir() + ":" + (user.uid() == 0 ? ROOT_PATH : BASE_PATH));
        env.put("LANG", "C.UTF-8");
        clientEnv.forEach((k, v) -> {
            if ((k.equals("LANG") || k.startsWith("LC_")) && v.matches("[A-Za-z0-9_.@-]{1,64}")) {
                env.put(k, v);
            }
        });
        String clientHost = hostOf(address);
        String clientPort = portOf(address);
        env.put("SSH_CLIENT", clientHost + " " + clientPort + " " + listenPort);
        env.put("SSH_CONNECTION", clientHost + " " + clientPort + " " + listenHost + " " + listenPort);
        // informational only: the daemon never trusts it, it finds sessions by cgroup
        env.put("TERMHOST_SESSION_ID", Integer.toString(sessionId));
        env.put("TERMHOST_SOCKET", layout.controlSocket().toString());
        env.put("TERMHOST_BIN", layout.binDir().toString());
        return env;
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
