package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, as its own JVM ({@code termhost serve}) on a free loopback port with a temp
 * state dir and a cgroup subtree of its own, so it can be killed with -9 and restarted on the same
 * state. {@link #close} stops it and removes every process, cgroup and file it left.
 */
public final class TermhostProcess implements AutoCloseable {
    private final Path stateDir;
    private final String cgroupName;
    private final List<String> settings;
    private final Path log;
    /** The logon records (utmp, wtmp, lastlog) of this daemon: never the host's, which tests must not fill. */
    private final Path records;
    /** null: in a cgroup subtree of its own beside the others; else started in this unit's group. */
    private final ServiceCgroup service;
    private final Map<String, String> environment;
    /** Whether its stderr passes for systemd's journal, as {@code $JOURNAL_STREAM} names it. */
    private boolean stderrAsJournal;
    private Process process;
    private int port;

    private TermhostProcess(Path stateDir, List<String> settings, ServiceCgroup service,
            Map<String, String> environment) {
        this.stateDir = stateDir;
        this.cgroupName = "termhost-test-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        this.settings = settings;
        this.log = stateDir.resolveSibling(stateDir.getFileName() + ".log");
        this.records = stateDir.resolveSibling(stateDir.getFileName() + ".records");
        this.service = service;
        this.environment = Map.copyOf(environment);
    }

    /** Starts a daemon; {@code settings} are {@code KEY=VALUE} for {@code --set}. */
    public static TermhostProcess start(Path stateDir, String... settings) throws IOException {
        return start(new TermhostProcess(stateDir, List.of(settings), null, Map.of()));
    }

    /**
     * Starts a daemon as systemd starts a unit's main process: inside the unit's group
     * {@code service}, with {@code environment} (e.g. {@code NOTIFY_SOCKET}) added to ours. So is
     * each {@link #restart}.
     */
    public static TermhostProcess startAsService(Path stateDir, ServiceCgroup service,
            Map<String, String> environment, String... settings) throws IOException {
        return start(new TermhostProcess(stateDir, List.of(settings), service, environment));
    }

    /**
     * Starts a daemon whose stderr (its output, here) is what systemd's journal would be for it:
     * {@code $JOURNAL_STREAM} holds that stream's device and inode, as systemd sets it for a unit's
     * process whose output goes to the journal.
     */
    public static TermhostProcess startWithStderrAsJournal(Path stateDir) throws IOException {
        TermhostProcess t = new TermhostProcess(stateDir, List.of(), null, Map.of());
        t.stderrAsJournal = true;
        return start(t);
    }

    private static TermhostProcess start(TermhostProcess t) throws IOException {
        Path stateDir = t.stateDir;
        // @TempDir is 0700: session users must pass through it to reach run/ (socket, their tmux dir)
        for (Path d = stateDir.toAbsolutePath().getParent(); d != null && d.startsWith("/tmp/"); d = d.getParent()) {
            var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(d));
            if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(d, perms);
            }
        }
        try {
            t.launch(0);
        } catch (IOException | RuntimeException e) {
            // a daemon that died half-started may have made its cgroups: nobody else will close it
            try {
                t.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return t;
    }

    private void launch(int fixedPort) throws IOException {
        // made as the host's are (the daemon never makes them); a test's own settings come later and win
        Files.createDirectories(records);
        for (String f : List.of("utmp", "wtmp", "lastlog")) {
            if (Files.notExists(records.resolve(f))) {
                Files.createFile(records.resolve(f));
            }
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "termhost.daemon.Daemon", "serve",
                "--listen", "127.0.0.1:" + fixedPort, "--state-dir", stateDir.toString(),
                "--set", "cgroup.name=" + cgroupName, "--set", "records.utmp=" + utmp(),
                "--set", "records.wtmp=" + wtmp(), "--set", "records.lastlog=" + records.resolve("lastlog")));
        for (String s : settings) {
            cmd.add("--set");
            cmd.add(s);
        }
        if (stderrAsJournal) {
            cmd = new ArrayList<>(DaemonOutput.withStderrAsJournal(cmd));
        }
        ProcessBuilder pb = new ProcessBuilder(service == null ? cmd : service.launching(cmd)).redirectErrorStream(true);
        pb.environment().putAll(environment);
        process = pb.start();
        try {
            port = DaemonOutput.awaitPort(process, log);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("termhost did not start: " + e.getMessage() + "\n" + logText(), e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int port() {
        return port;
    }

    /** The address it listens on: 127.0.0.1 unless a {@code listen=} setting names another (e.g. 127.0.0.3:0). */
    public String address() {
        return settings.stream().filter(s -> s.startsWith("listen=")).map(s -> s.substring("listen=".length(),
                s.lastIndexOf(':'))).reduce((first, last) -> last).orElse("127.0.0.1");
    }

    public long pid() {
        return process.pid();
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path socket() {
        return stateDir.resolve("run").resolve("control.sock");
    }

    public Path database() {
        return stateDir.resolve("state").resolve("termhost.db");
    }

    /** The utmp this daemon writes (who is logged on now). */
    public Path utmp() {
        return records.resolve("utmp");
    }

    /** The wtmp this daemon writes (logons and logouts). */
    public Path wtmp() {
        return records.resolve("wtmp");
    }

    /** The cgroup holding this daemon's sessions. */
    public Path cgroupParent() {
        return service != null && service.delegated() ? service.path() : ServiceCgroup.UNIFIED.resolve(cgroupName);
    }

    public Path sessionCgroup(int id) {
        return cgroupParent().resolve("session-" + id);
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}...) to the daemon's process. */
    public void signal(String signal) {
        Shell.run(List.of("kill", "-" + signal, Long.toString(pid())), java.util.Map.of(), null,
                Duration.ofSeconds(10)).requireSuccess("kill -" + signal);
    }

    /** SIGKILL, as a crash: nothing of the daemon's shutdown runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as an administrator's stop. Sent through the process handle: Process.destroy would
     * also close our end of its output, and what the daemon says while stopping would be lost.
     */
    public void stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Starts again on the same state dir and port. */
    public void restart() throws IOException {
        launch(port);
    }

    /** Runs a command of the thin client on the host, as root, against this daemon. */
    public Shell.Result command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                "termhost.cli.Main"));
        cmd.addAll(List.of(args));
        return Shell.run(cmd, java.util.Map.of("TERMHOST_STATE_DIR", stateDir.toString(), "LANG", "C.UTF-8"), null,
                Duration.ofSeconds(60));
    }

    /** {@link #command}, with extra environment (e.g. {@code LANG=ru_RU.UTF-8}) over the defaults. */
    public Shell.Result command(java.util.Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                "termhost.cli.Main"));
        cmd.addAll(List.of(args));
        java.util.Map<String, String> all = new java.util.HashMap<>(java.util.Map.of("TERMHOST_STATE_DIR",
                stateDir.toString(), "LANG", "C.UTF-8"));
        all.putAll(env);
        return Shell.run(cmd, all, null, Duration.ofSeconds(60));
    }

    /**
     * Runs a command of the thin client as {@code user} on the host, outside any session, the way the
     * wrappers the daemon installs run it (what a session's PATH holds), against this daemon's socket.
     * {@code args} start with the command's words, e.g. {@code "logoff", "3"}.
     */
    public Shell.Result commandAs(TestUser user, java.util.Map<String, String> env, String... args) {
        // the wrapper's java line, for any command (host tools such as audit have no wrapper)
        String wrapper;
        try {
            wrapper = Files.readString(stateDir.resolve("run").resolve("bin").resolve("logoff"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String exec = wrapper.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        StringBuilder line = new StringBuilder(exec.substring(0, exec.lastIndexOf(" logoff ")));
        for (int i = 0; i < args.length; i++) {
            line.append(" '").append(args[i].replace("'", "'\\''")).append('\'');
        }
        java.util.Map<String, String> all = new java.util.HashMap<>(java.util.Map.of("TERMHOST_SOCKET",
                socket().toString(), "LANG", "C.UTF-8"));
        all.putAll(env);
        return user.runOnHost(line.toString(), all);
    }

    /** Stops the daemon, then ends whatever its sessions left and removes its cgroups. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
        Path parent = cgroupParent();
        if (Files.isDirectory(parent)) {
            try (var children = Files.list(parent)) {
                for (Path c : children.filter(Files::isDirectory).toList()) {
                    Files.writeString(c.resolve("cgroup.kill"), "1");
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                            .until(() -> !Files.readString(c.resolve("cgroup.events")).contains("populated 1"));
                    Files.deleteIfExists(c);
                }
            }
            Files.deleteIfExists(parent);
        }
        // per-session limits on hybrid hosts live in v1 groups of the same name
        for (String controller : List.of("pids", "memory")) {
            Path v1 = Path.of("/sys/fs/cgroup", controller, cgroupName);
            if (Files.isDirectory(v1)) {
                try (var children = Files.list(v1)) {
                    for (Path c : children.filter(Files::isDirectory).toList()) {
                        Files.deleteIfExists(c);
                    }
                }
                Files.deleteIfExists(v1);
            }
        }
    }
}
