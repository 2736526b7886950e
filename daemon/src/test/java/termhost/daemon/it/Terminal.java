package termhost.daemon.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A terminal a person would sit at: a private tmux server (its own socket, nothing shared with
 * the machine's tmux) whose only pane runs a client program, e.g. {@code ssh -tt}. Tests type into
 * it and read its screen.
 */
public final class Terminal implements AutoCloseable {
    private final Path socket;
    /** Markers are unique across terminals: a reconnect redraws the old terminal's screen. */
    private static final java.util.concurrent.atomic.AtomicInteger COMMANDS =
            new java.util.concurrent.atomic.AtomicInteger();

    private Terminal(Path socket) {
        this.socket = socket;
    }

    static Terminal open(Path workDir, List<String> command, int cols, int rows) throws Exception {
        Path socket = workDir.resolve("term-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null",
                "new-session", "-d", "-x", Integer.toString(cols), "-y", Integer.toString(rows), "--"));
        cmd.addAll(command);
        Shell.run(cmd, Map.of("TERM", "xterm-256color"), null, Duration.ofSeconds(20)).requireSuccess("tmux");
        Shell.run(List.of("tmux", "-S", socket.toString(), "set", "-g", "remain-on-exit", "on"));
        return new Terminal(socket);
    }

    private Shell.Result tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        return Shell.run(cmd);
    }

    /** Types {@code text} as it is, no Enter. */
    public void type(String text) {
        tmux("send-keys", "-l", "--", text);
    }

    /** Types {@code text} and Enter. */
    public void typeLine(String text) {
        tmux("send-keys", "-l", "--", text);
        key("Enter");
    }

    /** Presses one key, named as tmux names it: {@code Enter}, {@code C-h}. */
    public void key(String name) {
        tmux("send-keys", name);
    }

    public String screen() {
        return tmux("capture-pane", "-p", "-J").out();
    }

    /** Waits until the screen contains {@code text}; fails with the screen shown. */
    public String awaitScreen(String text) {
        return awaitScreen(text, Duration.ofSeconds(30));
    }

    public String awaitScreen(String text, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> screen().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("screen never showed '" + text + "':\n" + screen());
        }
        return screen();
    }

    /**
     * Types {@code command} at the shell prompt and returns what it printed, found between two
     * markers that appear on the screen only as output (the typed line shows them with quotes).
     */
    public String run(String command) {
        int n = COMMANDS.incrementAndGet();
        String begin = "@@B" + n + "@@";
        String end = "@@E" + n + "@@";
        typeLine("echo '@@B'" + n + "'@@'; " + command + "; echo '@@E'" + n + "'@@'");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> history().lines().anyMatch(l -> l.stripTrailing().equals(end)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + command + "' did not finish:\n" + screen());
        }
        List<String> lines = history().lines().map(String::stripTrailing).toList();
        int to = lines.lastIndexOf(end);
        // the begin marker ends its line: alone, or after the typed line when that filled its row
        // exactly and capture-pane -J joined the two (the typed text has it only in quotes)
        int from = to;
        while (from > 0 && !lines.get(from).endsWith(begin)) {
            from--;
        }
        return String.join("\n", lines.subList(from + 1, to));
    }

    /** The screen and its scrollback. */
    public String history() {
        return tmux("capture-pane", "-p", "-J", "-S", "-").out();
    }

    public void resize(int cols, int rows) {
        tmux("resize-window", "-x", Integer.toString(cols), "-y", Integer.toString(rows));
    }

    /** The pid of the client program (ssh). */
    public long clientPid() {
        return Long.parseLong(tmux("display-message", "-p", "#{pane_pid}").out().trim());
    }

    /** True once the client program has exited. */
    public boolean clientExited() {
        return tmux("display-message", "-p", "#{pane_dead}").out().trim().equals("1");
    }

    @Override
    public void close() {
        tmux("kill-server");
    }
}
