package termhost.daemon.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A daemon's output, copied line by line to its log file, and the port its start-up banner names. */
final class DaemonOutput {
    private static final Pattern LISTENING = Pattern.compile("termhost listening on [^ ]+:(\\d+) ");

    private DaemonOutput() {
    }

    /**
     * {@code command} with its stderr passing for systemd's journal: {@code $JOURNAL_STREAM} set to
     * that stream's device and inode, as systemd sets it for a unit whose output goes to the journal.
     */
    static List<String> withStderrAsJournal(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "JOURNAL_STREAM=$(stat -L -c %d:%i "
                + "/proc/self/fd/2) && export JOURNAL_STREAM && exec \"$@\"", "sh"));
        cmd.addAll(command);
        return cmd;
    }

    /** Starts copying {@code process}'s output to {@code log}; returns the port once it listens. */
    static int awaitPort(Process process, Path log) throws IOException {
        CompletableFuture<Integer> portFound = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line);
                    w.newLine();
                    w.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        portFound.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the daemon died; the test sees that through its port future or its requests
            }
            portFound.completeExceptionally(new IOException("daemon exited before listening; see " + log));
        }, "daemon-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return portFound.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
