package termhost.daemon.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-session resource limits: at most {@code maxProcesses} tasks and {@code memoryBytes} of memory
 * (0: no limit), so a fork loop or a memory hog in one session cannot take the host down.
 *
 * <p>Where the unified hierarchy has the pids and memory controllers (pure v2), the limits go on
 * the session's own v2 group. On hybrid hosts those controllers live in the v1 hierarchies, so the
 * session also gets a group there ({@code <v1 mount>/<name>/session-N}) and its first process joins
 * them before it execs, the same way it joins the v2 group.
 */
public record ResourceCaps(long maxProcesses, long memoryBytes) {
    public static final ResourceCaps NONE = new ResourceCaps(0, 0);

    public boolean any() {
        return maxProcesses > 0 || memoryBytes > 0;
    }

    /** Applies the caps for one session; returns the extra (v1) groups its processes must join. */
    List<Path> apply(Path v2Parent, Path v2Group, String name, String session) throws IOException {
        List<Path> extra = new ArrayList<>();
        if (!any()) {
            return extra;
        }
        String controllers = read(v2Parent.resolve("cgroup.controllers"));
        if (maxProcesses > 0) {
            if (controllers.contains("pids")) {
                enable(v2Parent, "pids");
                write(v2Group.resolve("pids.max"), Long.toString(maxProcesses));
            } else {
                Path g = v1Group("pids", name, session);
                write(g.resolve("pids.max"), Long.toString(maxProcesses));
                extra.add(g);
            }
        }
        if (memoryBytes > 0) {
            if (controllers.contains("memory")) {
                enable(v2Parent, "memory");
                write(v2Group.resolve("memory.max"), Long.toString(memoryBytes));
                write(v2Group.resolve("memory.swap.max"), "0");
            } else {
                Path g = v1Group("memory", name, session);
                write(g.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                // as memory.swap.max=0 on v2: without it a hog on a host with swap is swapped out, not stopped
                // (the file exists only with swap accounting; it must not be set below limit_in_bytes)
                if (Files.exists(g.resolve("memory.memsw.limit_in_bytes"))) {
                    write(g.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                }
                extra.add(g);
            }
        }
        return extra;
    }

    /** The v1 groups a session may have (for removal after a restart). */
    static List<Path> v1Groups(String name, String session) {
        List<Path> groups = new ArrayList<>();
        for (String c : List.of("pids", "memory")) {
            v1Mount(c).map(m -> m.resolve(name).resolve(session)).filter(Files::isDirectory).ifPresent(groups::add);
        }
        return groups;
    }

    private static Path v1Group(String controller, String name, String session) throws IOException {
        Path mount = v1Mount(controller).orElseThrow(() -> new IOException("no " + controller
                + " controller in cgroup v2 or v1: cannot apply the per-session " + controller + " limit"));
        Path g = mount.resolve(name).resolve(session);
        Files.createDirectories(g);
        return g;
    }

    static Optional<Path> v1Mount(String controller) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int dash = line.indexOf(" - ");
                if (dash < 0) {
                    continue;
                }
                String[] after = line.substring(dash + 3).split(" ");
                if (after.length >= 3 && after[0].equals("cgroup") && List.of(after[2].split(",")).contains(controller)) {
                    return Optional.of(Path.of(line.split(" ")[4]));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static void enable(Path v2Parent, String controller) throws IOException {
        // the parent's parent must pass the controller down too; the root always has it
        Path grand = v2Parent.getParent();
        if (!read(grand.resolve("cgroup.subtree_control")).contains(controller)) {
            write(grand.resolve("cgroup.subtree_control"), "+" + controller);
        }
        if (!read(v2Parent.resolve("cgroup.subtree_control")).contains(controller)) {
            write(v2Parent.resolve("cgroup.subtree_control"), "+" + controller);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static void write(Path p, String value) throws IOException {
        Files.writeString(p, value, StandardCharsets.US_ASCII);
    }
}
