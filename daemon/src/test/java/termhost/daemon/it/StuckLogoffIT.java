package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.TermhostException;

/**
 * Issue 12, item 2, on the real daemon: a logoff whose session cgroup cannot be removed (root made
 * a group inside it, as a stray tool could) ends in a defined state: the command fails with the
 * reason, the session shows Down, the failure is audited; many logoffs of it leave the daemon
 * answering; the reaper ends it once the obstacle is gone; a reset clears it even while it stays.
 * (A process that survives SIGKILL, in D state, cannot be made here at will: the unit tests of
 * {@code Logoffs} inject that one.)
 */
@ExtendWith(RootRequired.class)
class StuckLogoffIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1, "logoff.grace-period=200ms");

    private int id;
    private Path obstacle;

    /** A disconnected session of alice's whose cgroup cannot be removed: root made a group inside it. */
    private TermhostProcess aSessionThatCannotBeRemoved() throws Exception {
        TermhostProcess host = env.host();
        try (LiveSession s = LiveSession.logon(host, env.alice(), tmp.resolve("t"))) {
            id = s.id();
        }
        obstacle = Files.createDirectory(host.sessionCgroup(id).resolve("obstacle"));
        return host;
    }

    /** Before the daemon is closed (the extension's turn comes after this). */
    @AfterEach
    void removeTheObstacle() throws Exception {
        if (obstacle != null) {
            Files.deleteIfExists(obstacle);
        }
    }

    @Test
    void aLogoffThatCannotRemoveTheGroupFailsVisiblyAndTheReaperEndsItOnceItCan() throws Exception {
        TermhostProcess host = aSessionThatCannotBeRemoved();

        Shell.Result r = host.command("logoff", Integer.toString(id));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Session " + id + " could not be logged off")
                .contains("session-" + id + ": Device or resource busy");
        assertThat(SessionList.of(host).byId(id)).hasValueSatisfying(row ->
                assertThat(row.state()).isEqualTo("Down"));
        // shown to administrators: beside the table, and in the JSON of scripts
        assertThat(host.command("query", "session").err())
                .contains("Session " + id + " could not be logged off: its teardown failed");
        assertThat(host.command("query", "session", Integer.toString(id), "/format:json").out())
                .contains("\"LogoffFailure\": \"its teardown failed: ");
        // the caller's failed logoff; the reaper's retries (every 2 s and more) may follow it already
        assertThat(AuditRows.of(host, "session.logoff", id)).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("failed"))
                .first().satisfies(a -> assertThat(a.actor()).isEqualTo("root"));

        // many logoffs of it at once: each answered, and the daemon answers everything else meanwhile
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        ControlClient.logoff(host, id);
                    } catch (TermhostException e) {
                        // refused, failed again, or still running: answered in any case
                    }
                    return null;
                }));
            }
            assertThat(ControlClient.sessions(host)).anyMatch(row -> row.get("id").equals(Integer.toString(id)));
            for (Future<?> f : calls) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Files.delete(obstacle);
        await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).byId(id).isEmpty());
        assertThat(Files.exists(host.sessionCgroup(id))).isFalse();
        assertThat(AuditRows.of(host, "session.logoff", id)).extracting(AuditRows.Row::outcome)
                .contains("failed").endsWith("success");
    }

    @Test
    void aResetClearsASessionThatCannotBeEnded() throws Exception {
        TermhostProcess host = aSessionThatCannotBeRemoved();

        Shell.Result r = host.command("reset", "session", Integer.toString(id));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(SessionList.of(host).byId(id)).isEmpty();
        assertThat(AuditRows.of(host, "session.logoff", id)).last().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("success");
            assertThat(a.detail()).contains("cleared by the reset").contains("session-" + id);
        });
    }
}
