package termhost.daemon.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import termhost.daemon.os.FilesystemIdentity;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.SessionRefusedException;
import termhost.daemon.process.UserCommand;

/**
 * A session's terminal holder: a tmux server of its own (own socket, own config), running as the
 * session's user inside the session's group. It outlives connections and the daemon; a
 * connection is a tmux client in a PTY ({@link PtyAttachment}).
 */
public final class TmuxTerminal implements TerminalHolder {
    static final String TMUX = "/usr/bin/tmux";
    private static final String SESSION = "th";
    private static final List<String> GONE_ANSWERS =
            List.of("can't find session", "no server running", "server exited", "lost server");

    private final Path socket;
    private final OsUser user;
    private final ProcessGroup group;
    private final UserCommand userCommand;
    private volatile Integer serverPid;

    /** @param serverPid the running server's pid (a session re-adopted after a restart), else null */
    public TmuxTerminal(Path socket, OsUser user, ProcessGroup group, Integer serverPid, UserCommand userCommand) {
        this.socket = socket;
        this.user = user;
        this.group = group;
        this.serverPid = serverPid;
        this.userCommand = userCommand;
    }

    /** Makes holders for one daemon: the way it runs programs as users is the same for all. */
    public static TerminalHolders factory(UserCommand userCommand) {
        return (socket, user, group, pid) -> new TmuxTerminal(socket, user, group, pid, userCommand);
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public Integer serverPid() {
        return serverPid;
    }

    /**
     * What runs in the session's only pane, as the user: the greeting, then the login shell. The
     * shell must not think it runs inside tmux (the user's own tmux would refuse to start), so
     * TMUX and TMUX_PANE go.
     *
     * <p>{@code SSH_TTY} is the pane's terminal, the one {@code tty} prints: OpenSSH sets it to the
     * session's terminal, and programs use it to reach the user's screen (GPG_TTY=$SSH_TTY for
     * pinentry, scripts that write to it). The pane's terminal is where the user's screen is, it is
     * the user's own, and it lasts as long as the session, across reconnects. The terminal of a
     * connection (the tmux client's PTY, in utmp) would be wrong on all three counts: it shows
     * tmux's drawing, it is root's, and after a reconnect it is gone or someone else's.
     *
     * <p>The user's shell reads the greeting's files and {@code ~/.hushlogin} as the user: the
     * daemon opens nothing in the user's home. A file without a final newline gets one, as
     * pam_motd gives it.
     *
     * <p>The shell starts as sshd starts a login shell: named {@code -bash} (a dash before its
     * name), which {@code echo $0}, {@code ps} and profile scripts see. Bash runs this for its
     * {@code exec -a}, which POSIX sh lacks; Debian's bash is essential, on every host.
     */
    static List<String> paneCommand(String shell, Greeting greeting) {
        List<String> c = new ArrayList<>(List.of("/bin/bash", "-c", String.join("\n",
                "unset TMUX TMUX_PANE",
                "if t=$(/usr/bin/tty); then export SSH_TTY=\"$t\"; fi",
                "if [ ! -e \"$HOME/.hushlogin\" ]; then",
                "  last=$1; shift",
                "  for f; do",
                "    [ -r \"$f\" ] && while IFS= read -r l || [ -n \"$l\" ]; do printf '%s\\n' \"$l\"; done < \"$f\"",
                "  done",
                "  [ -z \"$last\" ] || printf '%s\\n' \"$last\"",
                "fi",
                "exec -a \"-${0##*/}\" \"$0\""), shell, greeting.lastLogin()));
        greeting.motd().forEach(f -> c.add(f.toString()));
        return c;
    }

    /**
     * Starts the tmux server with the user's login shell in its only pane, in the user's home. Under
     * a session leader the server, which daemonises, becomes the leader's child; the leader lives on
     * with it, so the start is over when tmux's client has printed the server's pid and let go of
     * its output, not when the leader ends.
     */
    @Override
    public void start(Map<String, String> env, String shell, int cols, int rows, Greeting greeting,
            UserCommand.Logon logon) throws IOException, InterruptedException {
        Path conf = socket.resolveSibling("tmux.conf");
        // as the user: the session's directory is the user's (see FilesystemIdentity.writeNew)
        FilesystemIdentity.writeNew(user.uid(), user.gid(), conf, TmuxConfig.render(env.getOrDefault("TERM", "xterm")));
        List<String> tmux = new ArrayList<>(List.of(TMUX, "-u", "-S", socket.toString(), "-f", conf.toString(),
                // -P -F prints the new server's pid: one process start fewer on every logon
                "new-session", "-d", "-P", "-F", "#{pid}", "-s", SESSION, "-x", Integer.toString(cols),
                "-y", Integer.toString(rows),
                "-c", user.home(), "--"));
        tmux.addAll(paneCommand(shell, greeting));
        Process p = new ProcessBuilder(userCommand.session(group, user, env, tmux, logon, user.home(), -1))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (out.matches("[0-9]+")) {
            serverPid = Integer.parseInt(out);
            return;
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        } else if (p.exitValue() == UserCommand.SESSION_REFUSED && userCommand.leads(group)) {
            throw new SessionRefusedException(out);
        }
        throw new IOException("cannot start tmux on " + socket + ": " + (out.isEmpty() ? "it gave no pid" : out));
    }

    @Override
    public List<String> attachCommand(Map<String, String> clientEnv) {
        return userCommand.build(null, user, clientEnv,
                List.of(TMUX, "-u", "-S", socket.toString(), "attach-session", "-t", SESSION));
    }

    /**
     * Shows {@code script} (a bash script the user may read) in a popup over the attached client's
     * screen. The pane underneath is not touched, so a full-screen program keeps its content when
     * the popup closes. Returns false when no client is attached to show it on.
     */
    @Override
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
    @Override
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
    @Override
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

    /**
     * Asks the session's tmux server, as the user, whether the session still exists. It is the
     * one fact about the shell that cannot race its end: tmux destroys the session once it has
     * reaped the shell, and only then tells attached clients to exit; while the server itself may
     * linger a few milliseconds. Costs one short process (about 7 ms).
     */
    @Override
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

    /** The server process lives, in the session's group (PIDs are reused: a bare pid proves nothing). */
    @Override
    public boolean alive() {
        Integer pid = serverPid;
        if (pid == null) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            return group.pids().contains(pid.longValue());
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
