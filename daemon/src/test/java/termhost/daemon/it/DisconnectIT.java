package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "kill -9 of the client → Disc → reconnect sees the same shell PID and the earlier screen text". */
@ExtendWith(RootRequired.class)
class DisconnectIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void killedClientLeavesTheSessionDiscAndTheNextLogonReconnectsToTheSameShell() throws Exception {
        long shell;
        String firstName;
        try (Terminal first = env.ssh().interactive(tmp, 120, 40)) {
            shell = Long.parseLong(first.run("echo $$"));
            first.run("echo written-before-the-drop");
            firstName = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().name();

            Shell.run(List.of("kill", "-9", Long.toString(first.clientPid()))).requireSuccess("kill");

            SessionList.Row disc = awaitState("Disc");
            assertThat(disc.name()).isEmpty();
            assertThat(disc.id()).isEqualTo(2);
            assertThat(Procs.alive(shell)).as("the shell keeps running while disconnected").isTrue();
        }

        try (Terminal second = env.ssh().interactive(tmp, 120, 40)) {
            second.awaitScreen("written-before-the-drop");
            assertThat(Long.parseLong(second.run("echo $$"))).isEqualTo(shell);
            SessionList.Row active = awaitState("Active");
            assertThat(active.id()).isEqualTo(2);
            assertThat(active.name()).matches("ssh#\\d+").isNotEqualTo(firstName);
        }
        assertThat(SessionList.of(env.host()).sessions()).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            // the kill, then the end of the second terminal
            assertThat(AuditTrail.of(env.host().database(), "session.disconnect", env.alice().name())).hasSize(2)
                    .allSatisfy(r -> assertThat(r.detail()).contains("127.0.0.1"))
                    .first().satisfies(r -> assertThat(r.detail()).endsWith(": the client closed the connection"));
            assertThat(AuditTrail.of(env.host().database(), "session.reconnect", env.alice().name())).singleElement()
                    .satisfies(r -> assertThat(r.detail()).contains("127.0.0.1"));
        });
    }

    @Test
    void cleanExitOfTheSshClientIsADisconnectNotALogoff() throws Exception {
        try (Terminal term = env.ssh().interactive(tmp, 120, 40)) {
            long shell = Long.parseLong(term.run("echo $$"));
            term.typeLine("");
            term.type("~."); // OpenSSH's escape: the client closes the connection itself
            await().atMost(Duration.ofSeconds(10)).until(term::clientExited);

            awaitState("Disc");
            assertThat(Procs.alive(shell)).isTrue();
            assertThat(Procs.cgroupOf(shell)).isEqualTo(Procs.sessionCgroupName(env.host(), 2));
            assertThat(AuditTrail.of(env.host().database(), "session.logoff", env.alice().name())).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(AuditTrail.of(env.host().database(),
                    "session.disconnect", env.alice().name())).singleElement().satisfies(r -> assertThat(r.detail())
                    .endsWith(": the client disconnected: disconnected by user")));
        }
    }

    private SessionList.Row awaitState(String state) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> SessionList.of(env.host()).ofUser(env.alice().name()).orElse(null),
                        r -> r != null && r.state().equals(state));
    }
}
