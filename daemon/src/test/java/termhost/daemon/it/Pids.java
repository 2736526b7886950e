package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes identified so that a reused PID is not mistaken for a survivor: PID plus the start time
 * the kernel gives it (field 22 of /proc/PID/stat). A zombie counts as ended.
 */
public final class Pids {
    /** Stops a process the test started, by its PID: SIGTERM, up to 5 s to end, then SIGKILL. */
    public static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }

    private final Map<Long, Long> startTimes;

    private Pids(Map<Long, Long> startTimes) {
        this.startTimes = startTimes;
    }

    /** Every process in a cgroup now. */
    public static Pids inCgroup(Path cgroup) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String l : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
            if (!l.isBlank()) {
                pids.add(Long.parseLong(l.trim()));
            }
        }
        return of(pids);
    }

    /** The PIDs in a file, one a line (as processes wrote {@code $$} there). */
    public static Pids listedIn(Path file) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) {
                pids.add(Long.parseLong(l.trim()));
            }
        }
        return of(pids);
    }

    private static Pids of(List<Long> pids) {
        Map<Long, Long> m = new LinkedHashMap<>();
        for (long pid : pids) {
            startTime(pid).ifPresent(t -> m.put(pid, t));
        }
        return new Pids(m);
    }

    private static Optional<Long> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) {
                // it has ended; only its parent (often PID 1 in a container) has not reaped it yet
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(f[19]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public int size() {
        return startTimes.size();
    }

    /** Those of these processes that still exist (same PID, same start time). */
    public List<Long> alive() {
        List<Long> alive = new ArrayList<>();
        startTimes.forEach((pid, t) -> {
            if (startTime(pid).equals(Optional.of(t))) {
                alive.add(pid);
            }
        });
        return alive;
    }

    /** Command lines of the living ones, for a failure message. */
    public String describeAlive() {
        StringBuilder sb = new StringBuilder();
        for (long pid : alive()) {
            try {
                sb.append(pid).append(' ').append(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                        .replace('\0', ' ')).append('\n');
            } catch (IOException e) {
                sb.append(pid).append('\n');
            }
        }
        return sb.toString();
    }
}
