package termhost.daemon.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a real cgroup: {@code cgroup.events} wakes a waiter when its last process exits, and only then. */
class KernfsFileTest {
    private Path group;
    private Process member;

    @BeforeEach
    void aGroupWithOneProcess() throws Exception {
        assumeTrue(Posix.geteuid() == 0, "needs root: the test makes a cgroup");
        Optional<Path> mount = cgroup2Mount();
        assumeTrue(mount.isPresent(), "needs a cgroup v2 hierarchy");
        group = Files.createDirectory(mount.get().resolve("termhost-test-kernfs-" + ProcessHandle.current().pid()));
        member = new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1\" && exec sleep 1000", "sh",
                group.resolve("cgroup.procs").toString()).start();
        org.awaitility.Awaitility.await("the process joined the group").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(() -> Files.readString(group.resolve("cgroup.procs")).contains(Long.toString(member.pid())));
    }

    @AfterEach
    void removeIt() throws Exception {
        if (member != null) {
            member.destroyForcibly().waitFor();
        }
        if (group != null) {
            // EBUSY for a moment after the last process died
            org.awaitility.Awaitility.await("the group removed").atMost(java.time.Duration.ofSeconds(1))
                    .pollInterval(java.time.Duration.ofMillis(10)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        Files.deleteIfExists(group);
                        return true;
                    });
        }
    }

    @Test
    void theLastExitWakesTheWaiterLongBeforeItsTimeout() throws Exception {
        try (KernfsFile events = KernfsFile.open(group.resolve("cgroup.events"))) {
            assertThat(events.read()).contains("populated 1");
            // the stimulus, timed to land while the waiter below is blocked in poll(2): nothing
            // outside the kernel can see that it is
            Thread killer = new Thread(() -> {
                sleepQuietly(200);
                member.destroyForcibly();
            });
            killer.start();

            long start = System.nanoTime();
            String now = events.read();
            for (int i = 0; i < 3 && now.contains("populated 1"); i++) {
                events.awaitChange(30_000);
                now = events.read();
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            killer.join();

            assertThat(now).contains("populated 0");
            assertThat(tookMillis).as("woken by the change, not by the 30 s timeout").isLessThan(10_000);
        }
    }

    @Test
    void withoutAChangeItWaitsOutItsTimeout() throws Exception {
        try (KernfsFile events = KernfsFile.open(group.resolve("cgroup.events"))) {
            events.read();

            long start = System.nanoTime();
            events.awaitChange(300);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // a kernfs file is always readable: polling for POLLIN would return at once
            assertThat(tookMillis).isGreaterThanOrEqualTo(250);
            assertThat(events.read()).contains("populated 1");
        }
    }

    @Test
    void aRemovedGroupReadsAsNoSuchFile() throws Exception {
        try (KernfsFile events = KernfsFile.open(group.resolve("cgroup.events"))) {
            member.destroyForcibly().waitFor();
            removeIt();

            assertThatThrownBy(events::read).isInstanceOf(NoSuchFileException.class);
        }
        assertThatThrownBy(() -> KernfsFile.open(group.resolve("cgroup.events")))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static Optional<Path> cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int dash = line.indexOf(" - ");
            if (dash > 0 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                return Optional.of(Path.of(line.split(" ")[4]));
            }
        }
        return Optional.empty();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
