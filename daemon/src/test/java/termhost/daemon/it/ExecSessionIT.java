package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "exec session cleaned up after the client is killed": no process of it outlives it. */
@ExtendWith(RootRequired.class)
class ExecSessionIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void killingTheClientEndsEveryProcessOfTheExecSession() throws Exception {
        Process client = env.ssh()
                .start("(setsid nohup sleep 1001 >/dev/null 2>&1 </dev/null &); sleep 1002 & sleep 1003");
        try {
            Path cgroup = env.host().sessionCgroup(2);
            // the shell, the escaped sleep, the background sleep and the foreground sleep
            await().atMost(Duration.ofSeconds(20)).until(() -> Procs.pidsIn(cgroup).size() >= 4);
            Pids pids = Pids.inCgroup(cgroup);
            assertThat(SessionList.of(env.host()).ofUser(env.alice().name())).get()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("Active"));

            client.destroyForcibly(); // SIGKILL of the ssh client

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(cgroup));
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.alive().isEmpty());
            // the cgroup goes before the logoff is recorded; the listing follows the record
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> SessionList.of(env.host()).ofUser(env.alice().name()).isEmpty());
            assertThat(AuditTrail.of(env.host().database(), "session.logoff", env.alice().name())).singleElement()
                    .satisfies(r -> assertThat(r.sessionId()).isEqualTo(2));
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void theEndOfTheCommandEndsWhatItLeftBehind() {
        Shell.Result r = env.ssh().exec("setsid nohup sleep 1004 >/dev/null 2>&1 </dev/null & echo $!; exit 3");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        long leftover = Long.parseLong(r.out().strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> !Procs.alive(leftover));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(env.host().sessionCgroup(2)));
        // the cgroup goes before the logoff is recorded; the listing follows the record
        await().atMost(Duration.ofSeconds(10)).until(() -> SessionList.of(env.host()).sessions().isEmpty());
    }

    /**
     * {@code ssh -T host < script} and {@code echo cmd | ssh host} ask for a shell without a
     * terminal: as from sshd, the login shell reads the commands from stdin and its output and exit
     * status come back on their own, in an exec session that ends with it (not tmux's screen).
     */
    @Test
    void aShellWithoutATerminalReadsItsCommandsFromStdin() {
        String script = "echo \"sum=$((6*7))\"; tty; echo \"user=$(id -un)\" >&2; exit 5\n";
        for (List<String> flags : List.of(List.of("-T"), List.<String>of())) {
            Shell.Result r = Shell.run(env.ssh().commandLine(flags, null), Map.of(), script, Duration.ofSeconds(60));

            assertThat(r.exit()).as("ssh %s: %s", flags, r.err()).isEqualTo(5);
            assertThat(r.out()).as("ssh %s", flags).isEqualTo("sum=42\nnot a tty\n");
            assertThat(r.err()).as("ssh %s", flags).isEqualTo("user=" + env.alice().name() + "\n");
            await().atMost(Duration.ofSeconds(15)).until(() -> SessionList.of(env.host()).sessions().isEmpty());
        }
    }

    @Test
    void anExecSessionIsNotReconnectedToByAnInteractiveLogon() throws Exception {
        Process client = env.ssh().start("sleep 1005");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Procs.pidsIn(env.host().sessionCgroup(2)).isEmpty());
        try (Terminal term = env.ssh().interactive(tmp, 120, 40)) {
            long shell = Long.parseLong(term.run("echo $$"));
            assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(env.host(), 3));
            assertThat(SessionList.of(env.host()).sessions()).extracting(SessionList.Row::id).containsExactly(2, 3);
        } finally {
            client.destroyForcibly();
        }
    }
}
