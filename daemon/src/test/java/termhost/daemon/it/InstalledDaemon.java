package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon, started as systemd starts its unit, systemd not being PID 1 here: the
 * unit file's {@code ExecStart} line as it stands, in the unit's (delegated) group, with the bare
 * environment systemd gives a service plus {@code NOTIFY_SOCKET} and {@code JOURNAL_STREAM} (its
 * output standing for the journal). {@link #stop} is systemd's stop with {@code KillMode=process}:
 * SIGTERM to the main process alone.
 */
final class InstalledDaemon {
    /** The PATH systemd gives a system service (systemd.exec(5), "Environment variables in spawned processes"). */
    private static final String SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Process process;
    private final int port;

    private InstalledDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static InstalledDaemon start(Path unitFile, ServiceCgroup unit, NotifySocket manager, Path log)
            throws IOException {
        // its output goes to the journal, the unit setting no StandardOutput=
        ProcessBuilder pb = new ProcessBuilder(unit.launching(DaemonOutput.withStderrAsJournal(execStart(unitFile))))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", SERVICE_PATH);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("NOTIFY_SOCKET", manager.address());
        Process p = pb.start();
        try {
            return new InstalledDaemon(p, DaemonOutput.awaitPort(p, log));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IOException("the packaged daemon did not start: " + e.getMessage() + "\n"
                    + (Files.exists(log) ? Files.readString(log) : ""), e);
        }
    }

    /** The command of the unit's one {@code ExecStart=} line, which uses no systemd prefixes or quoting. */
    static List<String> execStart(Path unitFile) throws IOException {
        List<String> lines = Files.readAllLines(unitFile).stream().filter(l -> l.startsWith("ExecStart=")).toList();
        if (lines.size() != 1) {
            throw new IllegalStateException(unitFile + " has " + lines.size() + " ExecStart= lines, not one");
        }
        String command = lines.get(0).substring("ExecStart=".length()).strip();
        if (!command.startsWith("/") || command.contains("\"") || command.contains("'") || command.contains("$")) {
            throw new IllegalStateException("ExecStart= is not a plain command line: " + command);
        }
        return Arrays.asList(command.split("\\s+"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** As systemctl stop: SIGTERM to the main process; SIGKILL to it alone if it outstays the unit's timeout. */
    void stop() throws InterruptedException {
        process.toHandle().destroy(); // not Process.destroy, which closes our end of its output
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
