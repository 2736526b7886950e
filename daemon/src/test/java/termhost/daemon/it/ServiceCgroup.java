package termhost.daemon.it;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What systemd makes for a unit with {@code Delegate=yes}: a cgroup
 * {@code <unified mount>/termhost-svc-test-XXXX/termhost.service} marked with the
 * {@code trusted.delegate} attribute, for a test to start a daemon in (a shell that writes its
 * {@code $$} into {@code cgroup.procs}, then execs, as systemd places a service's main process
 * before its exec). {@link #close} ends whatever is left below it and removes the whole tree.
 */
public final class ServiceCgroup implements AutoCloseable {
    /** The unified hierarchy as the other tests find it (hybrid hosts mount it there). */
    static final Path UNIFIED = Files.isDirectory(Path.of("/sys/fs/cgroup/unified"))
            ? Path.of("/sys/fs/cgroup/unified") : Path.of("/sys/fs/cgroup");

    private interface Xattr extends Library {
        Xattr LIBC = Native.load("c", Xattr.class);

        int setxattr(String path, String name, byte[] value, long size, int flags);
    }

    private final Path slice;
    private final Path service;
    private final boolean delegated;

    private ServiceCgroup(Path slice, Path service, boolean delegated) {
        this.slice = slice;
        this.service = service;
        this.delegated = delegated;
    }

    /** @param delegated whether it carries systemd's mark of a delegated group */
    public static ServiceCgroup make(boolean delegated) throws IOException {
        Path slice = UNIFIED.resolve("termhost-svc-test-" + Integer.toString(ThreadLocalRandom.current()
                .nextInt(1 << 30), 36));
        Path service = slice.resolve("termhost.service");
        Files.createDirectories(service);
        ServiceCgroup made = new ServiceCgroup(slice, service, delegated);
        if (delegated && Xattr.LIBC.setxattr(service.toString(), "trusted.delegate", new byte[] {'1'}, 1, 0) != 0) {
            made.close();
            throw new IOException("setxattr trusted.delegate on " + service + ": errno " + Native.getLastError());
        }
        return made;
    }

    /** The unit's own group, where its main process starts. */
    public Path path() {
        return service;
    }

    /** Whether it carries systemd's mark, so a daemon started in it makes its sessions below it. */
    public boolean delegated() {
        return delegated;
    }

    /** {@code path()} as /proc/PID/cgroup names it. */
    public String name() {
        return "/" + UNIFIED.relativize(service);
    }

    /** The command line that starts {@code command} inside this group, as systemd would. */
    public List<String> launching(List<String> command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", service.toString()));
        cmd.addAll(command);
        return cmd;
    }

    /** Ends every process left below the group (deepest first), then removes the groups. */
    @Override
    public void close() throws IOException {
        if (Files.isDirectory(service)) {
            removeTree(service);
        }
        Files.deleteIfExists(slice);
    }

    private static void removeTree(Path group) throws IOException {
        try (var children = Files.list(group)) {
            for (Path c : children.filter(Files::isDirectory).toList()) {
                removeTree(c);
            }
        }
        Files.writeString(group.resolve("cgroup.kill"), "1", StandardCharsets.US_ASCII);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> !Files.readString(group.resolve("cgroup.events")).contains("populated 1"));
        Files.deleteIfExists(group);
    }
}
