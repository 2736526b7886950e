package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, items 1 and 2: an exec request's bytes move both ways as they come, stderr apart, with
 * EOF, exit status and exit signal as OpenSSH sends them; {@code ssh -t} runs the command on a
 * real terminal. One daemon and one user for the class: each test looks at its own session only.
 */
@ExtendWith(RootRequired.class)
class ExecStreamsIT {
    @RegisterExtension
    static final HostWithUsers ENV = HostWithUsers.forTheClass(1);

    private final Path tmp = ENV.dir();
    private final TermhostProcess host = ENV.host();
    private final TestUser user = ENV.alice();
    private final SshClient ssh = ENV.ssh();

    @Test
    void inputReachesTheCommandBeforeTheClientEndsIt() throws Exception {
        Process client = new ProcessBuilder(ssh.commandLine(List.of(), "head -c4")).start();
        try {
            OutputStream stdin = client.getOutputStream();
            stdin.write("abcd".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            // stdin stays open: head has its four bytes and ends, and so does the client
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("ssh ended with its input still open").isTrue();
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
            assertThat(client.exitValue()).isZero();
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void stdoutAndStderrArriveApartWithTheExitStatus() {
        Shell.Result r = ssh.exec("echo to-out; echo to-err >&2; exit 7");

        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("to-out\n");
        assertThat(r.err()).isEqualTo("to-err\n");
    }

    @Test
    void theClientsEndOfInputIsTheCommandsEof() {
        Shell.Result r = ssh.exec("wc -l; echo after-eof", "one\ntwo\nthree\n", Map.of());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("3\nafter-eof\n");
    }

    @Test
    void manyMegabytesGoThroughBothWaysUnchanged() throws Exception {
        Path sent = tmp.resolve("sent.bin");
        Path back = tmp.resolve("back.bin");
        byte[] data = new byte[24 << 20];
        new Random(11).nextBytes(data);
        Files.write(sent, data);

        // cat sends it back as it comes: the input and the output are in flight at once
        Process client = new ProcessBuilder(ssh.commandLine(List.of(), "cat")).redirectInput(sent.toFile())
                .redirectOutput(back.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(client.exitValue()).isZero();
        assertThat(Checksum.sha256(back)).isEqualTo(Checksum.sha256(sent));
    }

    @Test
    void aCommandKilledBySignalIsReportedAsAnExitSignal() {
        // OpenSSH's client exits 255 on an exit-signal (a shell status would give 137)
        Shell.Result r = Shell.run(ssh.commandLine(List.of("-v"), "kill -9 $$"), Map.of(), null,
                Duration.ofSeconds(60));

        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.err()).contains("rtype exit-signal").doesNotContain("rtype exit-status");
    }

    @Test
    void sshDashTRunsTheCommandOnATerminalWithTheClientsType() {
        Shell.Result r = Shell.run(ssh.commandLine(List.of("-tt"),
                "tty; echo \"term=$TERM\"; stty size; cat /proc/self/cgroup"),
                Map.of("TERM", "xterm-256color"), null, Duration.ofSeconds(60));

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().map(String::strip).toList();
        assertThat(lines.get(0)).startsWith("/dev/pts/");
        assertThat(lines).contains("term=xterm-256color", "24 80"); // no size from a client without a terminal
        assertThat(r.out()).contains(host.cgroupParent().getFileName() + "/session-");
    }

    @Test
    void aTerminalCommandFollowsTheClientsWindowSize() throws Exception {
        try (Terminal term = ssh.commandInTerminal(tmp, 100, 30,
                "stty size; read line; stty size; read line")) {
            term.awaitScreen("30 100");
            term.resize(120, 40);
            term.type("\r");
            term.awaitScreen("40 120");
        }
    }

    @Test
    void aTerminalCommandsSessionEndsWithItsClient() throws Exception {
        // the earlier tests' sessions are gone first: the one listed is this test's
        await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).ofUser(user.name()).isEmpty());
        Process client = new ProcessBuilder(ssh.commandLine(List.of("-tt"), "sleep 1007; true"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).ofUser(user.name()).isPresent());
            Path cgroup = host.sessionCgroup(SessionList.of(host).ofUser(user.name()).orElseThrow().id());
            await().atMost(Duration.ofSeconds(20)).until(() -> Procs.pidsIn(cgroup).size() >= 2); // shell, sleep
            Pids pids = Pids.inCgroup(cgroup);

            client.destroyForcibly();

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(cgroup));
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.alive().isEmpty());
        } finally {
            client.destroyForcibly();
        }
    }
}
