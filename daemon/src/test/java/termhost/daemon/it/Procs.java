package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a process runs and what a cgroup holds, from /proc and cgroupfs (for survivors see {@link Pids}). */
public final class Procs {
    private Procs() {
    }

    /** True while {@code pid} runs; a zombie (ended, not yet reaped by its parent) counts as gone. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** A session's cgroup as /proc/PID/cgroup names it (relative to the unified hierarchy). */
    public static String sessionCgroupName(TermhostProcess host, int id) {
        return "/" + ServiceCgroup.UNIFIED.relativize(host.cgroupParent()) + "/session-" + id;
    }

    /** The cgroup v2 path of {@code pid} ({@code 0::/...} line of /proc/PID/cgroup), e.g. {@code /x/session-2}. */
    public static String cgroupOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The PIDs in a cgroup; empty when it is gone. */
    public static List<Long> pidsIn(Path cgroup) {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The parent of {@code pid} (from /proc/PID/stat). */
    public static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The program name of {@code pid} (/proc/PID/comm); empty once it is gone. */
    public static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
