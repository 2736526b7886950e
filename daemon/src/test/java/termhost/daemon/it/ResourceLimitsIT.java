package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 3, last fault: a session's processes try to exhaust the host. With
 * {@code session.max-processes=64} a fork loop stops at the limit inside its session while the host
 * and other sessions still fork; with {@code session.max-memory=100M} a memory hog is killed inside
 * its session while the daemon and other sessions live on. Logoff still ends everything.
 */
// run alone: fork loops and memory hogs against the caps: they load the machine
@Isolated
@ExtendWith(RootRequired.class)
class ResourceLimitsIT {
    private static final int MAX_PROCESSES = 64;
    private static final long MAX_MEMORY = 100L << 20;

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2, "session.max-processes=" + MAX_PROCESSES,
            "session.max-memory=100M", "logoff.grace-period=1s");

    private final List<Process> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        clients.forEach(Process::destroyForcibly);
        // then env closes the users and the daemon with whatever its sessions left
    }

    @Test
    void aForkLoopStopsAtTheLimitInsideItsSessionAndLogoffEndsIt() throws Exception {
        Path out = tmp.resolve("fork.out");
        start(env.alice(), "perl -e '$|=1; $n=0; while (1) { $p = fork; if (!defined $p) { print \"FORKED $n: $!\\n\"; "
                + "last } if (!$p) { sleep 1000; exit 0 } $n++ } sleep 1000'", out);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("FORKED"));
        int id = sessionOf(env.alice());
        Matcher m = Pattern.compile("FORKED (\\d+): (.*)").matcher(Files.readString(out));
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo("Resource temporarily unavailable");
        // the shell that runs perl, perl, its children: at most the limit together
        assertThat(Integer.parseInt(m.group(1))).isLessThan(MAX_PROCESSES).isGreaterThan(MAX_PROCESSES - 5);
        Pids forked = Pids.inCgroup(env.host().sessionCgroup(id));
        assertThat(forked.size()).isLessThanOrEqualTo(MAX_PROCESSES).isGreaterThan(MAX_PROCESSES - 5);
        v1Group("pids", id).ifPresent(g -> assertThat(read(g.resolve("pids.max"))).isEqualTo("64"));

        // the host and another user's session still fork
        assertThat(Shell.run(List.of("sh", "-c", "for i in $(seq 100); do true & done; wait; echo HOST-FORKS")).out())
                .contains("HOST-FORKS");
        assertThat(new SshClient(env.host(), env.bob())
                .exec("for i in $(seq 100); do true & done; wait; echo BOB-FORKS").out()).contains("BOB-FORKS");

        assertLogoffEndsEverything(id, forked);
    }

    @Test
    void aMemoryHogIsKilledInsideItsSessionAndTheRestLivesOn() throws Exception {
        HeldSession other = HeldSession.open(env.host(), env.bob());
        Path out = tmp.resolve("hog.out");
        start(env.alice(), "perl -e '$|=1; my @a; while (1) { push @a, \"x\" x (10 << 20); print \"MB \", 10 * @a, \"\\n\" }'; "
                + "echo EXIT=$?; exec sleep 1000", out);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("EXIT="));
        String text = Files.readString(out);
        assertThat(text).as(text).contains("EXIT=137"); // SIGKILL from the OOM killer
        int id = sessionOf(env.alice());
        Optional<Path> v1 = v1Group("memory", id);
        if (v1.isPresent()) {
            assertThat(read(v1.get().resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(MAX_MEMORY));
            if (Files.exists(v1.get().resolve("memory.memsw.limit_in_bytes"))) {
                assertThat(read(v1.get().resolve("memory.memsw.limit_in_bytes"))).as("swap counted in the limit")
                        .isEqualTo(Long.toString(MAX_MEMORY));
            }
            assertThat(read(v1.get().resolve("memory.oom_control"))).containsPattern("oom_kill [1-9]");
        } else {
            assertThat(read(env.host().sessionCgroup(id).resolve("memory.events"))).containsPattern("oom_kill [1-9]");
        }
        // the daemon, the session itself and the other user's session live on
        SessionList list = SessionList.of(env.host());
        assertThat(list.byId(id)).as(list.toString()).isPresent();
        assertThat(list.byId(other.id())).as(list.toString()).isPresent();
        assertThat(new SshClient(env.host(), env.bob()).exec("echo BOB-STILL-WORKS").out()).contains("BOB-STILL-WORKS");

        assertLogoffEndsEverything(id, Pids.inCgroup(env.host().sessionCgroup(id)));
        assertThat(SessionList.of(env.host()).byId(other.id())).isPresent();
        other.close();
    }

    private void assertLogoffEndsEverything(int id, Pids processes) throws Exception {
        List<Optional<Path>> v1 = List.of(v1Group("pids", id), v1Group("memory", id));
        Shell.Result r = env.host().command("logoff", Integer.toString(id));
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(env.host().sessionCgroup(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> processes.alive().isEmpty());
        for (Optional<Path> g : v1) {
            g.ifPresent(p -> await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(p)));
        }
        assertThat(SessionList.of(env.host()).byId(id)).isEmpty();
    }

    /** {@code ssh user@host command} in the background, its output to {@code out}. */
    private void start(TestUser user, String command, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(new SshClient(env.host(), user).options());
        cmd.addAll(List.of(user.name() + "@127.0.0.1", command));
        clients.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
    }

    private int sessionOf(TestUser user) {
        return SessionList.of(env.host()).ofUser(user.name()).orElseThrow().id();
    }

    /** The session's v1 group of {@code controller} on a hybrid host; empty where v2 holds the limit. */
    private Optional<Path> v1Group(String controller, int id) {
        Path g = Path.of("/sys/fs/cgroup", controller, env.host().cgroupParent().getFileName().toString(),
                "session-" + id);
        return Files.isDirectory(g) ? Optional.of(g) : Optional.empty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
