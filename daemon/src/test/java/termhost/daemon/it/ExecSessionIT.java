package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "exec session cleaned up after the client is killed": no process of it outlives it. */
@ExtendWith(RootRequired.class)
class ExecSessionIT {
    @TempDir
    Path tmp;

    private TermhostProcess host;
    private TestUser alice;
    private SshClient ssh;

    @BeforeEach
    void start() throws Exception {
        host = TermhostProcess.start(tmp.resolve("state"));
        alice = TestUser.create(tmp);
        ssh = new SshClient(host, alice);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (TermhostProcess h = host; TestUser u = alice) {
            // the user goes first, then the daemon with whatever its sessions left
        }
    }

    @Test
    void killingTheClientEndsEveryProcessOfTheExecSession() throws Exception {
        Process client = ssh.start("(setsid nohup sleep 1001 >/dev/null 2>&1 </dev/null &); sleep 1002 & sleep 1003");
        try {
            Path cgroup = host.sessionCgroup(2);
            // the shell, the escaped sleep, the background sleep and the foreground sleep
            await().atMost(Duration.ofSeconds(20)).until(() -> Procs.pidsIn(cgroup).size() >= 4);
            Pids pids = Pids.inCgroup(cgroup);
            assertThat(SessionList.of(host).ofUser(alice.name())).get()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("Active"));

            client.destroyForcibly(); // SIGKILL of the ssh client

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(cgroup));
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.alive().isEmpty());
            // the cgroup goes before the logoff is recorded; the listing follows the record
            await().atMost(Duration.ofSeconds(10)).until(() -> SessionList.of(host).ofUser(alice.name()).isEmpty());
            assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name())).singleElement()
                    .satisfies(r -> assertThat(r.sessionId()).isEqualTo(2));
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void theEndOfTheCommandEndsWhatItLeftBehind() {
        Shell.Result r = ssh.exec("setsid nohup sleep 1004 >/dev/null 2>&1 </dev/null & echo $!; exit 3");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        long leftover = Long.parseLong(r.out().strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> !Procs.alive(leftover));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(host.sessionCgroup(2)));
        // the cgroup goes before the logoff is recorded; the listing follows the record
        await().atMost(Duration.ofSeconds(10)).until(() -> SessionList.of(host).sessions().isEmpty());
    }

    @Test
    void anExecSessionIsNotReconnectedToByAnInteractiveLogon() throws Exception {
        Process client = ssh.start("sleep 1005");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Procs.pidsIn(host.sessionCgroup(2)).isEmpty());
        try (Terminal term = ssh.interactive(tmp, 120, 40)) {
            long shell = Long.parseLong(term.run("echo $$"));
            assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(host, 3));
            assertThat(SessionList.of(host).sessions()).extracting(SessionList.Row::id).containsExactly(2, 3);
        } finally {
            client.destroyForcibly();
        }
    }
}
