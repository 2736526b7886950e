package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 2, "daemon kill -9 + restart → the session is re-adopted"; a session that died meanwhile is ended. */
@ExtendWith(RootRequired.class)
class RestartIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @ParameterizedTest
    @ValueSource(strings = {"kill -9", "SIGTERM"})
    void aRestartedDaemonReadoptsTheSessionAsDiscAndALogonReconnectsToIt(String how) throws Exception {
        long shell;
        try (Terminal first = env.ssh().interactive(tmp, 120, 40)) {
            shell = Long.parseLong(first.run("echo $$"));
            first.run("echo written-before-the-restart");
            if (how.equals("kill -9")) {
                env.host().kill9();
            } else {
                env.host().stop();
            }
            await().atMost(Duration.ofSeconds(20)).until(first::clientExited);
            if (how.equals("SIGTERM")) {
                // an administrator's stop tells each client why its connection ends
                assertThat(first.screen()).contains("termhost is restarting; your session keeps running");
            }
        }
        assertThat(Procs.alive(shell)).as("the shell outlives the daemon").isTrue();

        env.host().restart();

        // sqlite-jdbc's unpacked native library: in the state dir, not /tmp, and the one a killed
        // daemon left is gone (outside, each crash left about 1 MB in /tmp for good)
        List<Path> mapped = Files.readString(Path.of("/proc", Long.toString(env.host().pid()), "maps"))
                .lines().filter(l -> l.contains("sqlitejdbc")).map(l -> Path.of(l.substring(l.indexOf('/'))))
                .distinct().toList();
        assertThat(mapped).singleElement().satisfies(lib -> assertThat(lib).startsWith(env.host().stateDir()));
        Path lib = mapped.get(0);
        try (var files = Files.list(lib.getParent())) {
            assertThat(files.filter(f -> f.toString().endsWith(".so"))).as("only the library in use").hasSize(1);
        }

        SessionList.Row row = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow();
        assertThat(row.id()).isEqualTo(2);
        assertThat(row.state()).isEqualTo("Disc");
        assertThat(row.name()).isEmpty();
        try (Terminal second = env.ssh().interactive(tmp, 120, 40)) {
            second.awaitScreen("written-before-the-restart");
            assertThat(Long.parseLong(second.run("echo $$"))).isEqualTo(shell);
            assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(env.host(), 2));
            assertThat(SessionList.of(env.host()).ofUser(env.alice().name())).get()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("Active"));
        }
    }

    @Test
    void aSessionWhoseProcessesDiedWhileTheDaemonWasDownIsEndedAndRecorded() throws Exception {
        try (Terminal term = env.ssh().interactive(tmp, 120, 40)) {
            term.run("echo $$");
            env.host().kill9();
        }
        Path cgroup = env.host().sessionCgroup(2);
        Files.writeString(cgroup.resolve("cgroup.kill"), "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> Procs.pidsIn(cgroup).isEmpty());

        env.host().restart();

        assertThat(SessionList.of(env.host()).sessions()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(cgroup));
        assertThat(AuditTrail.of(env.host().database(), "session.logoff", env.alice().name())).singleElement()
                .satisfies(r -> {
                    assertThat(r.sessionId()).isEqualTo(2);
                    assertThat(r.outcome()).isEqualTo("success");
                    assertThat(r.detail()).contains("while the daemon was down");
                });
        // the next logon is a new session in the freed id, not a reconnect to the dead one
        try (Terminal term = env.ssh().interactive(tmp, 120, 40)) {
            long shell = Long.parseLong(term.run("echo $$"));
            assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(env.host(), 2));
        }
        assertThat(AuditTrail.of(env.host().database(), "session.logon", env.alice().name())).hasSize(2);
    }
}
