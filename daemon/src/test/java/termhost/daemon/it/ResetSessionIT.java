package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, reset session / rwinsta: the logoff path for a hung session, without the grace period:
 * a process that traps TERM is killed at once, not after the (here 20 s) grace period.
 */
@ExtendWith(RootRequired.class)
class ResetSessionIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1, "logoff.grace-period=20s");

    @Test
    void resetEndsASessionThatTrapsTermWithoutWaitingTheGracePeriod() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("t"))) {
            long hung = Long.parseLong(lastLine(s.terminal().run(
                    "bash -c 'trap \"\" TERM HUP INT; while :; do sleep 1; done' >/dev/null 2>&1 & echo $!")));
            long shell = Long.parseLong(s.terminal().run("echo $$"));

            long t0 = System.nanoTime();
            Shell.Result r = env.host().command("reset", "session", s.idText(), "/v");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(took).as("far less than the 20 s grace period").isLessThan(10_000);

            assertThat(Procs.alive(hung)).isFalse();
            assertThat(Procs.alive(shell)).isFalse();
            assertThat(SessionList.of(env.host()).byId(s.id())).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> !env.host().sessionCgroup(s.id()).toFile().exists());
            assertThat(AuditTrail.of(env.host().database(), "session.logoff", env.alice().name())).singleElement().satisfies(row -> {
                assertThat(row.actor()).isEqualTo("root");
                assertThat(row.outcome()).isEqualTo("success");
                assertThat(row.detail()).contains("reset by root").contains("KILL");
            });
        }
    }

    @Test
    void rwinstaIsTheSameAndNeedsResetOnAnotherUsersSession() throws Exception {
        try (TestUser bob = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("t"))) {
            Shell.Result denied = env.host().commandAs(bob, Map.of(), "rwinsta", s.idText());
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err().lines()).contains("Error [5]:Access is denied.");
            assertThat(SessionList.of(env.host()).byId(s.id())).isPresent();

            Shell.Result noId = env.host().command("reset", "session");
            assertThat(noId.exit()).as("reset needs a session").isEqualTo(1);

            Shell.Result console = env.host().command("rwinsta", "1");
            assertThat(console.exit()).isEqualTo(1);
            assertThat(console.err()).contains("Error [5]:Access is denied.");

            long t0 = System.nanoTime();
            env.host().command("rwinsta", s.idText()).requireSuccess("rwinsta");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
            assertThat(SessionList.of(env.host()).byId(s.id())).isEmpty();
        }
    }

    /** The last line of a command's output (an interactive shell prints "[1] PID" for a background job first). */
    private static String lastLine(String out) {
        return out.lines().reduce((a, b) -> b).orElse("").strip();
    }
}
