package termhost.daemon.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import termhost.daemon.os.KernfsFile;
import termhost.daemon.os.Posix;

/**
 * cgroup v2: {@code <unified mount>/<name>/session-<id>}. Works on pure v2 hosts and on hybrid
 * hosts, where the unified hierarchy is mounted beside the v1 controllers (e.g. at
 * /sys/fs/cgroup/unified). Needs {@code cgroup.kill} (Linux 5.14).
 *
 * <p>Run by systemd with {@code Delegate=yes}, the service's own cgroup is ours and nothing beside
 * it is: sessions go below it ({@code <service>/session-<id>}) and the daemon moves itself into
 * the leaf {@code <service>/daemon} first, because cgroup v2 lets no process stay in a group whose
 * children have controllers enabled (the per-session limits enable pids and memory). A group is
 * taken as delegated as systemd itself decides it: by the {@code trusted.delegate} (else
 * {@code user.delegate}) attribute systemd sets on it, so a daemon started from a login shell never
 * takes its session's scope for its own.
 */
public final class CgroupContainment implements Containment {
    /** The longest a wait for an emptied group goes without looking again. */
    private static final Duration RECHECK = Duration.ofMillis(100);

    /** The leaf a daemon in a delegated group moves into, beside its sessions. */
    static final String DAEMON_LEAF = "daemon";

    private final Path mount;
    private final Path parent;
    private final String name;
    private final ResourceCaps caps;
    private final boolean delegated;

    private CgroupContainment(Path mount, Path parent, String name, ResourceCaps caps, boolean delegated) {
        this.mount = mount;
        this.parent = parent;
        this.name = name;
        this.caps = caps;
        this.delegated = delegated;
    }

    /**
     * Finds the unified hierarchy and our parent group: the cgroup systemd delegated to us (moving
     * this process into its {@value #DAEMON_LEAF} leaf), else {@code <mount>/<name>}, made here.
     * Empty when neither is possible. Call it before any session group is made.
     */
    public static Optional<CgroupContainment> open(String name, ResourceCaps caps) {
        Optional<Path> mount = unifiedMount();
        if (mount.isEmpty() || !Files.exists(mount.get().resolve("cgroup.procs"))) {
            return Optional.empty();
        }
        try {
            Optional<Path> delegated = delegatedToUs(mount.get());
            if (delegated.isPresent()) {
                moveSelfInto(mount.get(), delegated.get().resolve(DAEMON_LEAF));
            }
            Path parent = delegated.orElse(mount.get().resolve(name));
            Files.createDirectories(parent);
            if (!Files.exists(parent.resolve("cgroup.kill"))) {
                return Optional.empty();
            }
            return Optional.of(new CgroupContainment(mount.get(), parent, name, caps, delegated.isPresent()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * This process's own v2 group when systemd delegated it (our unit's {@code Delegate=yes}); also
     * its parent when we already sit in its {@value #DAEMON_LEAF} leaf (systemd's
     * {@code DelegateSubgroup=daemon} puts us there, as does a move of ours before an exec).
     */
    static Optional<Path> delegatedToUs(Path mount) throws IOException {
        Optional<Path> own = ownGroup(mount);
        if (own.isEmpty() || own.get().equals(mount)) {
            return Optional.empty();
        }
        if (isDelegated(own.get())) {
            return own;
        }
        Path up = own.get().getParent();
        if (own.get().getFileName().toString().equals(DAEMON_LEAF) && !up.equals(mount) && isDelegated(up)) {
            return Optional.of(up);
        }
        return Optional.empty();
    }

    /** As systemd's cg_is_delegated(): the trusted attribute first, the user one where it is absent. */
    private static boolean isDelegated(Path group) throws IOException {
        for (String attribute : List.of("trusted.delegate", "user.delegate")) {
            Optional<String> value = Posix.getxattr(group, attribute);
            if (value.isPresent()) {
                return value.get().equals("1");
            }
        }
        return false;
    }

    /** The v2 group of this process, from the {@code 0::} line of /proc/self/cgroup. */
    private static Optional<Path> ownGroup(Path mount) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) {
                return Optional.of(mount.resolve(line.substring(3).replaceFirst("^/", "")));
            }
        }
        return Optional.empty();
    }

    /** Moves the whole process, every thread, into {@code leaf}. */
    private static void moveSelfInto(Path mount, Path leaf) throws IOException {
        if (ownGroup(mount).map(leaf::equals).orElse(false)) {
            return;
        }
        Files.createDirectories(leaf);
        Files.writeString(leaf.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII);
    }

    /** The mount point of the cgroup2 file system, from /proc/self/mountinfo. */
    static Optional<Path> unifiedMount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int dash = line.indexOf(" - ");
                if (dash < 0) {
                    continue;
                }
                String[] after = line.substring(dash + 3).split(" ");
                if (after.length > 0 && after[0].equals("cgroup2")) {
                    return Optional.of(Path.of(line.split(" ")[4]));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public Path parent() {
        return parent;
    }

    @Override
    public ProcessGroup create(int sessionId) throws IOException {
        Path dir = parent.resolve("session-" + sessionId);
        if (Files.isDirectory(dir)) {
            // left by a crash between making the group and storing the session: nobody owns it
            Group stale = new Group(dir, ResourceCaps.v1Groups(name, dir.getFileName().toString()));
            stale.killAll();
            try {
                stale.awaitEmpty(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while emptying stale " + dir, e);
            }
            return stale;
        }
        Files.createDirectory(dir);
        try {
            return new Group(dir, caps.apply(parent, dir, name, dir.getFileName().toString()));
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
    }

    @Override
    public Optional<ProcessGroup> adopt(String storedId) {
        Path dir = Path.of(storedId);
        if (!dir.startsWith(parent) || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(new Group(dir, ResourceCaps.v1Groups(name, dir.getFileName().toString())));
    }

    @Override
    public Optional<String> groupOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                if (line.startsWith("0::")) {
                    Path p = mount.resolve(line.substring(3).replaceFirst("^/", ""));
                    // a process is in the session group itself (no one but root can make subgroups)
                    if (p.getParent() != null && p.getParent().equals(parent)
                            && p.getFileName().toString().startsWith("session-")) {
                        return Optional.of(p.toString());
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "cgroup v2 at " + parent + (delegated ? " (delegated by systemd)" : "");
    }

    @Override
    public boolean isStrict() {
        return true;
    }

    /**
     * Removes our parent group when it is empty (at shutdown with no sessions left). A delegated
     * one is systemd's to remove, and still holds this process.
     */
    public void removeParentIfEmpty() {
        if (delegated) {
            return;
        }
        List<Path> parents = new java.util.ArrayList<>(List.of(parent));
        for (String controller : List.of("pids", "memory")) {
            ResourceCaps.v1Mount(controller).map(m -> m.resolve(name)).ifPresent(parents::add);
        }
        for (Path p : parents) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // still has session groups: they survive the daemon on purpose
            }
        }
    }

    private static final class Group implements ProcessGroup {
        private final Path dir;
        /** v1 groups (pids, memory limits on hybrid hosts) the processes also belong to. */
        private final List<Path> extra;

        Group(Path dir, List<Path> extra) {
            this.dir = dir;
            this.extra = List.copyOf(extra);
        }

        @Override
        public String id() {
            return dir.toString();
        }

        @Override
        public List<Path> procsFiles() {
            List<Path> files = new java.util.ArrayList<>(List.of(dir.resolve("cgroup.procs")));
            extra.forEach(g -> files.add(g.resolve("cgroup.procs")));
            return files;
        }

        @Override
        public List<String> launchPrefix() {
            List<Path> files = procsFiles();
            List<String> prefix = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                    "n=$0; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 126; shift; n=$((n-1)); done; "
                            + "exec \"$@\"", Integer.toString(files.size())));
            files.forEach(f -> prefix.add(f.toString()));
            return prefix;
        }

        @Override
        public Map<String, String> launchEnvironment() {
            return Map.of();
        }

        @Override
        public Set<Long> pids() throws IOException {
            Set<Long> pids = new TreeSet<>();
            try {
                for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (NoSuchFileException e) {
                return Set.of();
            }
            return pids;
        }

        @Override
        public boolean populated() throws IOException {
            try {
                return isPopulated(Files.readString(dir.resolve("cgroup.events"), StandardCharsets.US_ASCII));
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        /** From the content of cgroup.events ("populated 1\nfrozen 0\n"). */
        private static boolean isPopulated(String events) {
            int at = events.indexOf("populated ");
            return at >= 0 && events.startsWith("1", at + "populated ".length());
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
            try {
                Files.writeString(dir.resolve("cgroup.kill"), "1", StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                // already removed: nothing to kill
            }
        }

        @Override
        public boolean awaitEmpty(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            // woken by the kernel when "populated" changes, so the wait ends the moment the last
            // process has exited and costs no CPU meanwhile, however many groups empty side by side
            try (KernfsFile events = KernfsFile.open(dir.resolve("cgroup.events"))) {
                while (isPopulated(events.read())) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    // bounded, so an interrupt is seen within RECHECK even if no change comes
                    events.awaitChange((int) Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK.toMillis()));
                    if (Thread.interrupted()) {
                        throw new InterruptedException("waiting for " + dir + " to empty");
                    }
                }
                return true;
            } catch (NoSuchFileException e) {
                return true; // the group is gone, so it is empty
            }
        }

        @Override
        public String abandon() throws IOException {
            Set<Long> left = pids();
            if (left.isEmpty()) {
                remove();
                return dir + " (no process left; the group is removed)";
            }
            // a v2 cgroup cannot be renamed: its processes move to a group of their own beside it,
            // which frees the session's name for the next session of that id
            Path aside = dir.resolveSibling(dir.getFileName() + ".stuck-" + System.currentTimeMillis());
            Files.createDirectory(aside);
            for (long pid : left) {
                try {
                    Files.writeString(aside.resolve("cgroup.procs"), Long.toString(pid), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    // it ended meanwhile (ESRCH): nothing to move
                }
            }
            remove();
            return aside.toString();
        }

        @Override
        public void remove() throws IOException {
            for (Path g : extra) {
                try {
                    Files.deleteIfExists(g);
                } catch (java.nio.file.FileSystemException e) {
                    // a v1 group the kernel still holds a moment: harmless, reused or removed later
                }
            }
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.FileSystemException e) {
                // EBUSY right after the last process died: the kernel releases it a moment later
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                Files.deleteIfExists(dir);
            }
        }
    }
}
