package termhost.daemon.store.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: a private cluster of Debian's {@code postgresql} package in a temp
 * directory, on a free loopback port, with a generated scram-sha-256 password. {@code initdb} and
 * {@code pg_ctl} refuse root, so as root they run as the {@code postgres} user, who owns the
 * directory. {@link #close} stops the server ({@code -m fast}) and removes the directory; a
 * shutdown hook does the same if the JVM ends first, so no server is left running.
 *
 * <p>Most tests share one per JVM ({@link SharedPostgres}); a test that stops and restarts the
 * server starts its own.
 */
public final class PostgresCluster implements AutoCloseable {
    private static final String USER = "postgres";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    /** Server settings beyond address and port, as {@code postgres} options ({@code -c name=value ...}). */
    private final String settings;
    private final Thread hook;
    private int databases;

    private PostgresCluster(Path dir, Path bin, int port, String password, String settings) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.settings = settings;
        this.hook = new Thread(this::removeQuietly, "postgres-cleanup");
    }

    /**
     * Makes and starts a cluster, or throws an {@link IllegalStateException} saying why it cannot:
     * never a silent skip, since CI runs every test as root.
     */
    public static PostgresCluster start() {
        return start(binaries(Path.of("/usr/lib/postgresql")), List.of("fsync=off")); // tests need no durability
    }

    /**
     * As {@link #start()}, with these server settings ({@code name=value}) instead of the tests'
     * {@code fsync=off}: for a bench, which wants a server configured as in production.
     */
    public static PostgresCluster start(List<String> settings) {
        return start(binaries(Path.of("/usr/lib/postgresql")), settings);
    }

    static PostgresCluster start(Path bin) {
        return start(bin, List.of("fsync=off"));
    }

    private static PostgresCluster start(Path bin, List<String> settings) {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("termhost-pg-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a directory for PostgreSQL: " + e, e);
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        PostgresCluster c = new PostgresCluster(dir, bin, freePort(), password,
                settings.stream().map(x -> " -c " + x).collect(Collectors.joining()));
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            Files.writeString(dir.resolve("pw"), password + "\n", StandardCharsets.UTF_8);
            if (asRoot()) {
                run(List.of("chown", "-R", USER + ":", dir.toString()));
            }
            c.runAsOwner(bin.resolve("initdb").toString(), "-D", c.data().toString(), "-U", USER,
                    "--pwfile=" + dir.resolve("pw"), "--auth=scram-sha-256", "--no-locale", "-E", "UTF8");
            Files.delete(dir.resolve("pw"));
            c.startServer();
        } catch (RuntimeException | IOException e) {
            c.close();
            throw new IllegalStateException("cannot start a private PostgreSQL from " + bin + ": " + e.getMessage(), e);
        }
        System.err.printf("PostgreSQL on 127.0.0.1:%d started in %d ms (%s)%n", c.port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dir);
        return c;
    }

    /**
     * A streaming standby of this server, as a replica in production is made ({@code pg_basebackup
     * -R}: a base backup that then follows the primary's WAL), started on a port of its own; it
     * serves reads until {@link #promote}. Closed by its caller, before or after this one.
     */
    public PostgresCluster standby() {
        Path standbyDir;
        try {
            standbyDir = Files.createTempDirectory("termhost-pg-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a directory for a standby: " + e, e);
        }
        PostgresCluster s = new PostgresCluster(standbyDir, bin, freePort(), password, settings);
        Runtime.getRuntime().addShutdownHook(s.hook);
        try {
            if (asRoot()) {
                run(List.of("chown", "-R", USER + ":", standbyDir.toString()));
            }
            s.runAsOwner(bin.resolve("pg_basebackup").toString(), "-d", "host=127.0.0.1 port=" + port + " user="
                    + USER + " password=" + password, "-D", s.data().toString(), "-R", "-X", "stream", "-c", "fast");
            s.startServer();
        } catch (RuntimeException e) {
            s.close();
            throw new IllegalStateException("cannot start a standby of PostgreSQL on port " + port + ": "
                    + e.getMessage(), e);
        }
        return s;
    }

    /** Makes a standby the primary ({@code pg_ctl promote}, waiting until it takes writes), as a failover does. */
    public void promote() {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-w", "promote");
    }

    /** Starts the server again after {@link #stop}, on the same port and data. */
    public void startServer() {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + settings, "-w", "start");
    }

    /** Stops the server, keeping its data ({@code pg_ctl stop -m fast}: sessions are cut, as in an outage). */
    public void stop() {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop");
    }

    /** A new, empty database. */
    public TestDatabase createDatabase(String hint) {
        return TestDatabase.create(new TestDatabase("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "user=" + USER + "&password=" + password), hint + "_" + (++databases));
    }

    public int port() {
        return port;
    }

    /** The server's main process (the postmaster), whose children are its backends and helpers. */
    public long serverPid() {
        try {
            return Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no running PostgreSQL in " + dir + ": " + e, e);
        }
    }

    /** Its directory (data, socket, log), removed by {@link #close}. */
    Path dir() {
        return dir;
    }

    private Path data() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void removeQuietly() {
        if (!Files.exists(dir)) {
            return;
        }
        if (Files.exists(data().resolve("postmaster.pid"))) {
            try {
                stop();
            } catch (RuntimeException e) {
                System.err.println("cannot stop PostgreSQL in " + dir + ": " + e.getMessage());
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot remove " + dir + ": " + e);
        }
    }

    private void runAsOwner(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest PostgreSQL's binaries under {@code root} (Debian's layout: ROOT/VERSION/bin), or why there are none. */
    static Path binaries(Path root) {
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException(missing()));
        } catch (IOException e) {
            throw new IllegalStateException(missing(), e);
        }
    }

    private static String missing() {
        return "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run scripts/install-deps --test, "
                + "or set TERMHOST_TEST_PG_URL to an external server";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for PostgreSQL: " + e, e);
        }
    }
}
