package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7: the environment sshd users expect, exactly as OpenSSH's session.c sets it:
 * {@code SSH_CLIENT}, {@code SSH_CONNECTION} (the client's address and port as the client itself
 * has them), {@code SSH_TTY} when there is a terminal, LANG and LC_* as the client sent them.
 */
@ExtendWith(RootRequired.class)
class LogonEnvironmentIT {
    /** One line of {@code ss -Htnp}: state, queues, local and peer address, process. */
    private static final Pattern SOCKET =
            Pattern.compile("\\S+\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+(\\S+):(\\d+)\\s+(.*)");

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    /** The port of the client's end of its connection to the daemon, as the kernel has it for {@code pid}. */
    private int clientPortOf(long pid) {
        for (String line : Shell.run(List.of("ss", "-Htnp")).requireSuccess("ss").out().split("\n")) {
            Matcher m = SOCKET.matcher(line.trim());
            if (m.matches() && m.group(5).contains("pid=" + pid + ",")
                    && m.group(4).equals(Integer.toString(env.host().port()))) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no connection of pid " + pid + " to port " + env.host().port());
    }

    @Test
    void theShellHasTheConnectionItsTerminalAndTheClientsLocale() throws Exception {
        Map<String, String> sent = Map.of("LANG", "de_DE.UTF-8", "LC_TIME", "en_GB.UTF-8",
                "LC_TERMINAL", "iTerm2 3.5/x", "TZ", "Europe/Berlin");
        try (Terminal t = env.ssh().interactiveSending(tmp.resolve("t1"), sent)) {
            t.awaitScreen("$ ");
            int port = clientPortOf(t.clientPid());

            assertThat(t.run("echo \"$SSH_CLIENT\"")).isEqualTo("127.0.0.1 " + port + " " + env.host().port());
            assertThat(t.run("echo \"$SSH_CONNECTION\""))
                    .isEqualTo("127.0.0.1 " + port + " 127.0.0.1 " + env.host().port());
            // the shell's own terminal, which `tty` names
            String tty = t.run("tty");
            assertThat(tty).matches("/dev/pts/\\d+");
            assertThat(t.run("echo \"$SSH_TTY\"")).isEqualTo(tty);
            // a login shell, named as sshd names it: what profile scripts and ps see
            assertThat(t.run("echo \"$0|$(ps -o args= -p $$)|$(shopt -q login_shell && echo login)\""))
                    .isEqualTo("-bash|-bash|login");
            // LANG and LC_* with the values sent (any value, as sshd passes them); others are not taken
            assertThat(t.run("echo \"$LANG|$LC_TIME|$LC_TERMINAL|${TZ-unset}\""))
                    .isEqualTo("de_DE.UTF-8|en_GB.UTF-8|iTerm2 3.5/x|unset");
        }
    }

    /**
     * The client's terminal modes (RFC 4254 section 8), as sshd gives them: on a command's PTY, and
     * on the session's through tmux, which learns the client's erase key from its own terminal.
     */
    @Test
    void theTerminalHasTheClientsModes() throws Exception {
        String stty = "erase ^H intr ^B -ixon";
        try (Terminal t = env.ssh().fromTerminalSetTo(tmp.resolve("t3"), stty, "stty -a; sleep 600")) {
            String screen = t.awaitScreen("erase = ");
            assertThat(screen).contains("intr = ^B;", "erase = ^H;", " -ixon ");
        }
        try (Terminal t = env.ssh().fromTerminalSetTo(tmp.resolve("t4"), stty, null)) {
            t.awaitScreen("$ ");
            // a line typed with a mistake erased by the client's erase key (^H), read by the tty's line discipline
            t.typeLine("read -r -p \"ty\"\"ped> \" typed; echo \"<$typed>\" | od -An -c");
            t.awaitScreen("typed> "); // read waits: the keys reach its line discipline, not the shell's editor
            t.type("ab");
            t.key("C-h");
            t.type("c");
            t.key("Enter");
            // od's columns never appear in what was typed; without the client's erase key it reads a b \b c
            t.awaitScreen("<   a   c   >");
        }
    }

    @Test
    void aCommandHasATerminalOnlyWhenItAsksForOne() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "LC_ALL=C.UTF-8"));
        cmd.addAll(env.ssh().commandLine(List.of("-o", "SendEnv=LC_ALL"),
                "echo \"tty=[${SSH_TTY-unset}] $SSH_CLIENT|$SSH_CONNECTION|$LC_ALL\""));
        Shell.Result r = Shell.run(cmd);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).matches("tty=\\[unset\\] 127\\.0\\.0\\.1 \\d+ " + env.host().port()
                + "\\|127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 " + env.host().port() + "\\|C\\.UTF-8");

        try (Terminal t = env.ssh().commandInTerminal(tmp.resolve("t2"), 100, 30,
                "echo \"tty=$SSH_TTY own=$(tty)\"; sleep 600")) {
            String screen = t.awaitScreen("own=/dev/pts/");
            Matcher m = Pattern.compile("tty=(\\S*) own=(\\S+)").matcher(screen);
            assertThat(m.find()).as(screen).isTrue();
            assertThat(m.group(1)).isEqualTo(m.group(2)).matches("/dev/pts/\\d+");
        }
    }
}
