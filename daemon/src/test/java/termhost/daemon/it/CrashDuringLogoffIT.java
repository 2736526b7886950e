package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 3, first fault (F10, F11): the daemon is killed with SIGKILL while a logoff of a
 * 1000-process session waits out its grace period. After the restart the logoff is completed: the
 * cgroup is gone, none of the processes lives, and exactly one logoff record exists for the session.
 */
@ExtendWith(RootRequired.class)
class CrashDuringLogoffIT {
    private static final int PROCESSES = 1000;

    @TempDir
    Path tmp;

    @Test
    void aLogoffInterruptedByAKillIsCompletedAtRestartAndRecordedOnce() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=5s");
                TestUser alice = TestUser.create(tmp)) {
            int id;
            Pids processes;
            Path marker = tmp.resolve("term-received");
            Files.createFile(marker);
            Files.setPosixFilePermissions(marker, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
                id = s.id();
                Path cgroup = host.sessionCgroup(id);
                // ignored HUP/TERM is inherited across fork and exec: only the KILL after the grace ends them
                s.terminal().typeLine("( trap '' HUP TERM; for i in $(seq " + PROCESSES + "); do sleep 1000 & done )");
                // one process that notes the SIGTERM (and lives on), so the test knows the grace period has begun
                s.terminal().typeLine("sh -c 'trap \"\" HUP; trap \"echo TERM >> " + marker + "\" TERM; "
                        + "echo UP >> " + marker + "; while :; do sleep 0.2; done' >/dev/null 2>&1 &");
                // tmux, bash and the forking subshell reach the count before that process runs: wait for its UP
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Procs.pidsIn(cgroup).size() > PROCESSES + 1
                                && Files.readString(marker).contains("UP"));
                processes = Pids.inCgroup(cgroup);
                assertThat(processes.size()).isGreaterThan(PROCESSES);

                CompletableFuture<Shell.Result> logoff = CompletableFuture.supplyAsync(
                        () -> host.command("logoff", Integer.toString(id)));
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                            .until(() -> StoredSessions.state(host.database(), id).orElse("").equals("down")
                                    && Files.readString(marker).contains("TERM"));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("the logoff never reached its grace period: state "
                            + StoredSessions.state(host.database(), id) + ", marker " + Files.readString(marker)
                            + ", logoff " + (logoff.isDone() ? logoff.join() : "running") + "\n" + host.logText(), e);
                }

                host.kill9();

                // still inside the grace period when it died: the row says down, the processes live
                assertThat(StoredSessions.state(host.database(), id)).as("stored state at the crash").hasValue("down");
                assertThat(processes.alive().size()).as("processes alive at the crash")
                        .isGreaterThanOrEqualTo(PROCESSES);
                assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                        .as("no logoff record before the processes are gone").isEmpty();
                assertThat(logoff.join().exit()).as("the interrupted logoff command reports failure").isNotZero();
            }

            host.restart();

            Path cgroup = host.sessionCgroup(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(cgroup));
            await().atMost(Duration.ofSeconds(30)).until(() -> processes.alive().isEmpty());
            assertThat(processes.describeAlive()).isEmpty();
            assertThat(SessionList.of(host).byId(id)).as("listed after the completed logoff").isEmpty();
            assertThat(StoredSessions.state(host.database(), id)).isEmpty();
            assertThat(AuditTrail.read(host.database()).stream()
                    .filter(r -> r.type().equals("session.logoff") && Integer.valueOf(id).equals(r.sessionId())))
                    .singleElement().satisfies(r -> {
                        assertThat(r.sessionOwner()).isEqualTo(alice.name());
                        assertThat(r.outcome()).isEqualTo("success");
                        assertThat(r.detail()).contains("interrupted").contains("KILL");
                    });

            // a second restart finds nothing left to complete and records nothing more
            host.stop();
            host.restart();
            assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name())).hasSize(1);
        }
    }
}
