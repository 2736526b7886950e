package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's launcher, {@code ./termhost}, run as an administrator runs it on the host. It is
 * a copy of the real script in a folder that looks like the checkout to it: {@code api/target} and
 * {@code cli/target} link to this build's, and its build stamp is newer than every source there, so
 * it runs the client at once and never builds. The daemon's jar is an empty placeholder: nothing
 * here may start a daemon, and a line that tries fails naming {@code termhost.daemon.Daemon}.
 *
 * <p>Commands reach for a control socket nothing listens on: one that contacts the daemon fails.
 */
public final class HostLauncher implements AutoCloseable {
    /** The checkout the tests run in (Maven runs them in {@code daemon/}). */
    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private final Path root;
    private final List<Path> links;

    private HostLauncher(Path root, List<Path> links) {
        this.root = root;
        this.links = links;
    }

    public static HostLauncher in(Path dir) throws IOException {
        Path script = REPOSITORY.resolve("termhost");
        String text = Files.readString(script);
        Files.createDirectories(dir);
        Files.copy(script, dir.resolve("termhost"), StandardCopyOption.COPY_ATTRIBUTES);
        List<Path> links = new java.util.ArrayList<>();
        for (String module : List.of("api", "cli")) {
            Path link = dir.resolve(module).resolve("target");
            Files.createDirectories(link.getParent());
            links.add(Files.createSymbolicLink(link, REPOSITORY.resolve(module).resolve("target")));
        }
        Files.writeString(dir.resolve("pom.xml"), "");
        Path daemonJar = dir.resolve(launcherPath(text, "daemon_jar"));
        Files.createDirectories(daemonJar.getParent());
        Files.createFile(daemonJar);
        // "newer than the stamp" is by modification time: a stamp from the future is never older
        Path stamp = dir.resolve(launcherPath(text, "stamp"));
        Files.createFile(stamp);
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plus(Duration.ofDays(1))));
        return new HostLauncher(dir, List.copyOf(links));
    }

    /** A path the launcher sets as {@code name="$root/PATH"}. */
    private static String launcherPath(String script, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + "=\"\\$root/([^\"]+)\"").matcher(script);
        if (!m.find()) {
            throw new IllegalStateException("./termhost sets no " + name + "=\"$root/...\"");
        }
        return m.group(1);
    }

    /** {@code ./termhost args...} in {@code LANG=C.UTF-8}, with {@code env} over that. */
    public Shell.Result run(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("termhost").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new HashMap<>();
        // the launcher runs "java" from the PATH: this JVM's
        all.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        all.put("LANG", "C.UTF-8");
        all.put("TERMHOST_SOCKET", root.resolve("no-daemon.sock").toString());
        all.putAll(env);
        return Shell.run(cmd, all, null, Duration.ofSeconds(60));
    }

    public Shell.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** The version the build is of: the parent pom's. */
    public static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>termhost-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version of termhost-parent in " + REPOSITORY.resolve("pom.xml"));
        }
        return m.group(1).trim();
    }

    /** Removes the links first: whatever deletes the folder then cannot reach into the build's. */
    @Override
    public void close() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }
}
