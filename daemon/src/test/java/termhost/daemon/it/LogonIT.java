package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "logon and tty/id inside; resize": an interactive logon is a real session. */
@ExtendWith(RootRequired.class)
class LogonIT {
    @TempDir
    Path tmp;

    private TermhostProcess host;
    private TestUser alice;
    private Terminal term;

    @BeforeEach
    void logOn() throws Exception {
        host = TermhostProcess.start(tmp.resolve("state"));
        alice = TestUser.create(tmp, "users", "audio");
        term = new SshClient(host, alice).interactive(tmp, 120, 40);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (TermhostProcess h = host; TestUser u = alice; Terminal t = term) {
            // closed in reverse order: the client, the user, the daemon with its cgroups
        }
    }

    @Test
    void theShellRunsAsTheUserOnATerminalInsideTheSessionCgroup() {
        assertThat(term.run("tty")).matches("/dev/pts/\\d+");
        String expectedId = Shell.run(List.of("id", alice.name())).requireSuccess("id").out().strip();
        assertThat(term.run("id")).isEqualTo(expectedId).contains("(users)").contains("(audio)");
        assertThat(term.run("echo $USER $LOGNAME $HOME"))
                .isEqualTo(alice.name() + " " + alice.name() + " " + alice.home());

        long shell = Long.parseLong(term.run("echo $$"));
        assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(host, 2));
        assertThat(term.run("cat /proc/self/cgroup")).contains("0::" + Procs.sessionCgroupName(host, 2));
        assertThat(Procs.pidsIn(host.sessionCgroup(2))).contains(shell);

        SessionList.Row row = SessionList.of(host).ofUser(alice.name()).orElseThrow();
        assertThat(row.id()).isEqualTo(2);
        assertThat(row.state()).isEqualTo("Active");
        assertThat(row.name()).matches("ssh#\\d+");

        assertThat(AuditTrail.of(host.database(), "session.logon", alice.name()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.sessionId()).isEqualTo(2);
                    assertThat(r.outcome()).isEqualTo("success");
                    assertThat(r.detail()).contains("127.0.0.1");
                });
    }

    @Test
    void windowSizeAndResizesReachTheProgram() {
        assertThat(term.run("stty size")).isEqualTo("40 120");
        term.resize(100, 30);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(term.run("stty size")).isEqualTo("30 100"));
    }

    @Test
    void exitInTheShellEndsEveryProcessAndRemovesTheSessionAndItsCgroup() throws Exception {
        term.run("(setsid nohup sleep 1000 >/dev/null 2>&1 < /dev/null &)");
        Path cgroup = host.sessionCgroup(2);
        Pids pids = Pids.inCgroup(cgroup);
        assertThat(pids.size()).isGreaterThanOrEqualTo(3); // tmux server, shell, the escaped sleep

        term.typeLine("exit");

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(cgroup));
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.alive().isEmpty());
        // the cgroup goes before the logoff is recorded; the listing follows the record
        await().atMost(Duration.ofSeconds(10)).until(() -> SessionList.of(host).ofUser(alice.name()).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(term::clientExited);
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.sessionId()).isEqualTo(2);
                    assertThat(r.outcome()).isEqualTo("success");
                });
    }
}
