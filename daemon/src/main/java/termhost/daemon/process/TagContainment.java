package termhost.daemon.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import termhost.daemon.os.Posix;

/**
 * The fallback where no cgroup can be made (a daemon that is not root): each session's processes
 * carry {@code TERMHOST_SESSION_TAG=<id>} in their environment and are found by scanning /proc.
 * A process can drop the tag by exec'ing with a clean environment, so this is weaker than a cgroup,
 * and the daemon says so at start-up.
 */
public final class TagContainment implements Containment {
    static final String TAG = "TERMHOST_SESSION_TAG";

    private final String prefix;

    public TagContainment(String name) {
        this.prefix = name + ":session-";
    }

    @Override
    public ProcessGroup create(int sessionId) {
        return new Group(prefix + sessionId + ":" + Long.toHexString(System.nanoTime()));
    }

    @Override
    public Optional<ProcessGroup> adopt(String storedId) {
        return storedId.startsWith(prefix) ? Optional.of(new Group(storedId)) : Optional.empty();
    }

    @Override
    public Optional<String> groupOf(long pid) {
        return tagOf(pid).filter(t -> t.startsWith(prefix));
    }

    @Override
    public String describe() {
        return "environment tag (no cgroup: processes that clear their environment escape logoff)";
    }

    @Override
    public boolean isStrict() {
        return false;
    }

    static Optional<String> tagOf(long pid) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            String marker = TAG + "=";
            for (String var : new String(env, StandardCharsets.UTF_8).split("\0")) {
                if (var.startsWith(marker)) {
                    return Optional.of(var.substring(marker.length()));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static final class Group implements ProcessGroup {
        private final String tag;

        Group(String tag) {
            this.tag = tag;
        }

        @Override
        public String id() {
            return tag;
        }

        @Override
        public List<String> launchPrefix() {
            return List.of();
        }

        @Override
        public Map<String, String> launchEnvironment() {
            return Map.of(TAG, tag);
        }

        @Override
        public Set<Long> pids() throws IOException {
            Set<Long> pids = new TreeSet<>();
            try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : proc) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (tagOf(pid).filter(tag::equals).isPresent()) {
                        pids.add(pid);
                    }
                }
            }
            return pids;
        }

        @Override
        public boolean populated() throws IOException {
            return !pids().isEmpty();
        }

        @Override
        public int signalEach(int... signals) throws IOException {
            int n = 0;
            // membership is read fresh from the kernel for each round, never from a stale list
            for (long pid : pids()) {
                boolean alive = true;
                for (int i = 0; i < signals.length && alive; i++) {
                    alive = Posix.kill((int) pid, signals[i]);
                    if (alive && i == 0) {
                        n++;
                    }
                }
            }
            return n;
        }

        @Override
        public void killAll() throws IOException {
            // no atomic kill without a cgroup: repeat until a scan finds nobody (fork races)
            for (int round = 0; round < 50 && signalAll(Signals.SIGKILL) > 0; round++) {
                Thread.onSpinWait();
            }
        }

        @Override
        public boolean awaitEmpty(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (populated()) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        @Override
        public void remove() {
            // nothing to remove: the tag dies with its last process
        }

        @Override
        public String abandon() {
            // nothing to move: a new session gets a tag of its own
            return "processes tagged " + tag;
        }
    }
}
