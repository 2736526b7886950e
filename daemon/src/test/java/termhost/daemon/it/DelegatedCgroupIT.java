package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, the systemd unit: started as systemd starts it ({@code Delegate=yes}, {@code Type=notify}),
 * the daemon makes its sessions below the group systemd gave it, never beside it, and says when it
 * is ready. The unit's group is made by the test, marked as systemd marks a delegated one.
 */
@ExtendWith(RootRequired.class)
class DelegatedCgroupIT {
    @TempDir
    Path tmp;

    @Test
    void sessionsLiveBelowTheDelegatedGroupBesideTheDaemonsLeafAndOutliveARestart() throws Exception {
        try (ServiceCgroup unit = ServiceCgroup.make(true);
                NotifySocket manager = NotifySocket.bind(tmp.resolve("notify"));
                TermhostProcess host = TermhostProcess.startAsService(tmp.resolve("state"), unit,
                        Map.of("NOTIFY_SOCKET", manager.address()));
                TestUser alice = TestUser.create(tmp)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.received("READY=1"));
            assertThat(manager.messages()).anySatisfy(m -> assertThat(m).contains("READY=1")
                    .contains("STATUS=listening on 127.0.0.1:" + host.port()));
            // no process may stay in a group whose children have controllers: the daemon has a leaf
            assertThat(Procs.cgroupOf(host.pid())).isEqualTo(unit.name() + "/daemon");

            long shell;
            try (Terminal term = new SshClient(host, alice).interactive(tmp, 100, 30)) {
                shell = Long.parseLong(term.run("echo $$"));
                assertThat(Procs.cgroupOf(shell)).isEqualTo(unit.name() + "/session-2");
                term.run("echo before-the-restart");
                host.stop();
                await().atMost(Duration.ofSeconds(20)).until(term::clientExited);
            }
            assertThat(manager.received("STOPPING=1")).as("a stop of ours, not a crash").isTrue();
            assertThat(Procs.alive(shell)).as("the session outlives its daemon").isTrue();

            // systemd starts the next main process in the unit's group again, beside the sessions
            host.restart();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> manager.messages().stream().filter(m -> m.contains("READY=1")).count() == 2);
            assertThat(Procs.cgroupOf(host.pid())).isEqualTo(unit.name() + "/daemon");
            assertThat(SessionList.of(host).ofUser(alice.name())).get()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("Disc"));
            try (Terminal again = new SshClient(host, alice).interactive(tmp, 100, 30)) {
                again.awaitScreen("before-the-restart");
                assertThat(Long.parseLong(again.run("echo $$"))).isEqualTo(shell);
            }
        }
    }

    @Test
    void aGroupSystemdDidNotDelegateIsNotTakenOver() throws Exception {
        // e.g. the scope of the login session an administrator starts ./termhost serve from
        try (ServiceCgroup scope = ServiceCgroup.make(false);
                TermhostProcess host = TermhostProcess.startAsService(tmp.resolve("state"), scope, Map.of());
                TestUser alice = TestUser.create(tmp)) {
            assertThat(Procs.cgroupOf(host.pid())).isEqualTo(scope.name());
            try (Terminal term = new SshClient(host, alice).interactive(tmp, 100, 30)) {
                long shell = Long.parseLong(term.run("echo $$"));
                assertThat(Procs.cgroupOf(shell)).doesNotStartWith(scope.name())
                        .isEqualTo(Procs.sessionCgroupName(host, 2));
            }
        }
    }
}
