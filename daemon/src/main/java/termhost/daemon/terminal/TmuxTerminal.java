package termhost.daemon.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.UserCommand;

/**
 * A session's terminal holder: a tmux server of its own (own socket, own config), running as the
 * session's user inside the session's group. It outlives connections and the daemon; a
 * connection is a tmux client in a PTY ({@link PtyAttachment}).
 */
public final class TmuxTerminal {
    static final String TMUX = "/usr/bin/tmux";
    private static final String SESSION = "th";
    private static final List<String> GONE_ANSWERS =
            List.of("can't find session", "no server running", "server exited", "lost server");

    private final Path socket;
    private final OsUser user;
    private final UserCommand userCommand;

    public TmuxTerminal(Path socket, OsUser user, UserCommand userCommand) {
        this.socket = socket;
        this.user = user;
        this.userCommand = userCommand;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Starts the tmux server with the user's login shell in its only pane, in {@code dir}, and
     * returns the server's PID.
     *
     * @param env the shell's environment (HOME, USER, PATH, TERM, ...)
     */
    public int start(ProcessGroup group, Map<String, String> env, String shell, int cols, int rows)
            throws IOException, InterruptedException {
        Path conf = socket.resolveSibling("tmux.conf");
        Files.writeString(conf, TmuxConfig.render(env.getOrDefault("TERM", "xterm")), StandardCharsets.UTF_8);
        List<String> tmux = new ArrayList<>(List.of(TMUX, "-u", "-S", socket.toString(), "-f", conf.toString(),
                // -P -F prints the new server's pid: one process start fewer on every logon
                "new-session", "-d", "-P", "-F", "#{pid}", "-s", SESSION, "-x", Integer.toString(cols),
                "-y", Integer.toString(rows),
                "-c", user.home(), "--",
                // the shell must not think it runs inside tmux, or the user's own tmux refuses to start
                "/usr/bin/env", "-u", "TMUX", "-u", "TMUX_PANE", shell, "-l"));
        String pid = run(userCommand.build(group, user, env, tmux), "start tmux").trim();
        try {
            return Integer.parseInt(pid);
        } catch (NumberFormatException e) {
            throw new IOException("tmux on " + socket + " gave no pid: '" + pid + "'");
        }
    }

    /** The command of the tmux client that attaches one connection; run it in a PTY. */
    public List<String> attachCommand(Map<String, String> clientEnv) {
        return userCommand.build(null, user, clientEnv,
                List.of(TMUX, "-u", "-S", socket.toString(), "attach-session", "-t", SESSION));
    }

    /** Detaches every client (used before a takeover so the old connection sees why it ended). */
    public void detachAll() {
        try {
            run(userCommand.build(null, user, Map.of("LANG", "C.UTF-8"),
                    List.of(TMUX, "-S", socket.toString(), "detach-client", "-a", "-s", SESSION)), "detach");
        } catch (IOException | InterruptedException e) {
            // nothing attached, or the server is gone: either way nothing to detach
        }
    }

    /**
     * Shows {@code script} (a bash script the user may read) in a popup over the attached client's
     * screen. The pane underneath is not touched, so a full-screen program keeps its content when
     * the popup closes. Returns false when no client is attached to show it on.
     */
    public boolean popup(Path script, int width, int height, String title) {
        try {
            // display-popup returns only when the popup closes (up to msg's /time): wait just long
            // enough to see a refusal (no client), then let it run; the JVM reaps it when it ends
            Process p = new ProcessBuilder(userCommand.build(null, user, Map.of("LANG", "C.UTF-8"), List.of(TMUX,
                    "-S", socket.toString(), "display-popup", "-E", "-w", Integer.toString(width), "-h",
                    Integer.toString(height), "-T", title.replace("#", "##"), "/bin/bash " + script)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            return !p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The size of the smallest attached client ({cols, rows}), or empty when none is attached: a
     * popup wider or taller than the client is refused by tmux and shows nothing.
     */
    public Optional<int[]> clientSize() {
        try {
            String out = run(userCommand.build(null, user, Map.of("LANG", "C.UTF-8"), List.of(TMUX, "-S",
                    socket.toString(), "list-clients", "-F", "#{client_width} #{client_height}")), "list clients");
            int[] size = null;
            for (String line : out.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 2) {
                    int cols = Integer.parseInt(f[0]);
                    int rows = Integer.parseInt(f[1]);
                    size = size == null ? new int[] {cols, rows}
                            : new int[] {Math.min(size[0], cols), Math.min(size[1], rows)};
                }
            }
            return Optional.ofNullable(size);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Blocks until something in the session signals {@code channel} (tmux wait-for), at most {@code seconds}. */
    public boolean waitFor(String channel, long seconds) {
        try {
            Process p = new ProcessBuilder(userCommand.build(null, user, Map.of("LANG", "C.UTF-8"),
                    List.of(TMUX, "-S", socket.toString(), "wait-for", channel))).redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            return done && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What tmux itself answers about the session. */
    public enum Presence {
        /** The session (and so its shell) exists: it can be attached. */
        PRESENT,
        /** tmux answered that there is no such session or no server: the shell has ended. */
        GONE,
        /** No clear answer (tmux hung, or an error we do not know): decide nothing from it. */
        UNKNOWN
    }

    /**
     * Asks the session's tmux server, as the user, whether the session still exists. It is the
     * one fact about the shell that cannot race its end: tmux destroys the session once it has
     * reaped the shell, and only then tells attached clients to exit; while the server itself may
     * linger a few milliseconds. Costs one short process (about 7 ms).
     */
    public Presence presence() {
        Process p = null;
        try {
            p = new ProcessBuilder(userCommand.build(null, user, Map.of("LANG", "C.UTF-8"),
                    List.of(TMUX, "-S", socket.toString(), "has-session", "-t", SESSION)))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                return Presence.UNKNOWN;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                return Presence.PRESENT;
            }
            // tmux's own words for "no such session", "no server" (socket gone or refusing) and "the
            // server went away while answering" (it was exiting): the session is gone in each case
            return GONE_ANSWERS.stream().anyMatch(out::contains) ? Presence.GONE : Presence.UNKNOWN;
        } catch (IOException e) {
            return Presence.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Presence.UNKNOWN;
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * True while the tmux server process lives (in the session's group: PIDs are reused). Cheap
     * (no process started) and never wrong when it says false; it may still say true for a few
     * milliseconds after the shell ended, while the server shuts down: see {@link #presence}.
     */
    public static boolean alive(Integer serverPid, ProcessGroup group) {
        if (serverPid == null) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(serverPid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            return group.pids().contains(serverPid.longValue());
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("cannot " + what + ": tmux did not answer in 10 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("cannot " + what + ": tmux exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }
}
