package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, the session time limits with short values (the policy engine itself is unit-tested with
 * an injected clock in PolicyEngineTest): a warning popup on the real screen, then disconnect — or
 * logoff with limits.end-session —, the disconnected-session limit, each audited with the limit as
 * its source.
 */
@ExtendWith(RootRequired.class)
class PolicyLimitsIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    private TermhostProcess host;
    private TestUser alice;

    private void start(String... settings) throws Exception {
        env.start(settings);
        host = env.host();
        alice = env.alice();
    }

    @Test
    void anIdleSessionIsWarnedOnItsScreenThenDisconnected() throws Exception {
        start("limits.idle=10s", "limits.warning=5s");
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t"))) {
            long shell = Long.parseLong(s.terminal().run("echo $$"));
            String warned = s.terminal().awaitScreen("Your session will be disconnected in 5 seconds");
            assertThat(warned).contains("idle session limit");
            SessionList.awaitState(host, s.id(), "Disc");
            await().atMost(Duration.ofSeconds(20)).until(s.terminal()::clientExited);
            assertThat(Procs.alive(shell)).as("disconnected, not logged off").isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(AuditTrail.of(host.database(), "session.message", alice.name())).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.source()).isEqualTo("policy: idle limit"));
            assertThat(AuditTrail.of(host.database(), "session.disconnect", alice.name())).singleElement()
                    .satisfies(r -> assertThat(r.source()).isEqualTo("policy: idle limit"));
        });
    }

    @Test
    void withEndSessionTheIdleLimitLogsOff() throws Exception {
        start("limits.idle=10s", "limits.warning=5s", "limits.end-session=true", "logoff.grace-period=1s");
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t"))) {
            long shell = Long.parseLong(s.terminal().run("echo $$"));
            s.terminal().awaitScreen("Your session will be logged off in 5 seconds");
            await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).byId(s.id()).isEmpty());
            assertThat(Procs.alive(shell)).isFalse();
        }
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name())).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("policy: idle limit");
            assertThat(r.detail()).contains("idle session limit was reached");
        });
    }

    @Test
    void anActiveSessionIsDisconnectedAtTheActiveLimitEvenWithInput() throws Exception {
        start("limits.active=12s", "limits.warning=5s");
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t"))) {
            s.terminal().awaitScreen("active session limit");
            SessionList.awaitState(host, s.id(), "Disc");
        }
        // the session shows Disc as soon as its connection is dropped, before the disconnect is recorded
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(AuditTrail.of(host.database(), "session.disconnect", alice.name())).singleElement()
                    .satisfies(r -> assertThat(r.source()).isEqualTo("policy: active limit"));
        });
    }

    @Test
    void aDisconnectedSessionIsLoggedOffAtTheDisconnectedLimit() throws Exception {
        start("limits.disconnected=3s", "logoff.grace-period=1s");
        long shell;
        int id;
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t"))) {
            shell = Long.parseLong(s.terminal().run("echo $$"));
            id = s.id();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).byId(id).isEmpty());
        assertThat(Procs.alive(shell)).isFalse();
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name())).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("policy: disconnected limit");
            assertThat(r.detail()).contains("disconnected session limit was reached");
        });
    }

}
