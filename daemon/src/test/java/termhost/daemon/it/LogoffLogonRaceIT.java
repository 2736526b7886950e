package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 3 (F12, F8): a logoff of a user's disconnected session and a new logon of the same
 * user, at once, round after round, the logoff sent at a random moment of the logon. After each
 * round the old session is fully gone (its processes, its row, its record written once) and the
 * logon either has an intact session (listed Active, stored, a populated cgroup holding its shell)
 * or was reconnected to the old one just before the logoff ended it; never a half-session. (It runs
 * beside other test classes: what it checks holds whatever the load, which only moves the races.)
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class LogoffLogonRaceIT {
    /** How long the rounds may run; the count they reach is printed. */
    private static final Duration BUDGET = Duration.ofSeconds(120);
    private static final int MAX_ROUNDS = 1000;

    @TempDir
    Path tmp;

    @Test
    void aLogoffRacingALogonOfTheSameUserLeavesTheOldGoneAndTheNewWhole() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=300ms");
                TestUser alice = TestUser.create(tmp)) {
            SshClient ssh = new SshClient(host, alice);
            Client client = Client.logon(ssh);
            Map<String, Integer> outcomes = new TreeMap<>();
            long end = System.nanoTime() + BUDGET.toNanos();
            int round = 0;
            try {
                for (; round < MAX_ROUNDS && System.nanoTime() < end; round++) {
                    if (client == null || !client.alive()) {
                        client = Client.logon(ssh);
                    }
                    int old = client.awaitShell(host);
                    client.close(); // the old session is disconnected, its processes run on
                    await().atMost(Duration.ofSeconds(30)).until(() -> state(host, old).equals("disconnected"));
                    Pids oldProcesses = Pids.inCgroup(host.sessionCgroup(old));
                    int logoffsBefore = AuditTrail.of(host.database(), "session.logoff", alice.name()).size();

                    client = Client.start(ssh);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(300)); // a random point of the logon
                    ControlClient.logoff(host, old);

                    Client logon = client;
                    String tag = "round " + round + " (old session " + old + "): ";
                    await().atMost(Duration.ofSeconds(60)).until(() -> !logon.alive()
                            || logon.shellAnswers() && Procs.alive(logon.shellPid()));
                    await().atMost(Duration.ofSeconds(20)).until(() -> oldProcesses.alive().isEmpty());
                    assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                            .as(tag + "one logoff record").hasSize(logoffsBefore + 1);
                    String outcome = assertWhole(host, alice, logon, tag);
                    outcomes.merge(outcome, 1, Integer::sum);
                }
            } finally {
                if (client != null) {
                    client.close();
                }
                System.out.println("LogoffLogonRaceIT: " + round + " rounds in " + BUDGET.toSeconds()
                        + " s budget, outcomes " + outcomes);
            }
            assertThat(round).isPositive();
        }
    }

    /** Every listed session is stored and has a populated cgroup; alice's is the client's, if it lives. */
    private static String assertWhole(TermhostProcess host, TestUser alice, Client logon, String tag) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> ControlClient.sessions(host).stream()
                .noneMatch(r -> r.get("state").equals("down")));
        List<Map<String, String>> rows = ControlClient.sessions(host).stream()
                .filter(r -> Integer.parseInt(r.get("id")) >= 2 && Integer.parseInt(r.get("id")) < 65536).toList();
        Set<Integer> listed = rows.stream().map(r -> Integer.parseInt(r.get("id"))).collect(Collectors.toSet());
        Set<Integer> groups;
        try (Stream<Path> dirs = Files.list(host.cgroupParent())) {
            groups = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("session-"))
                    .map(n -> Integer.parseInt(n.substring("session-".length()))).collect(Collectors.toSet());
        }
        assertThat(groups).as(tag + "cgroups vs listed " + rows).isEqualTo(listed);
        for (int id : listed) {
            assertThat(StoredSessions.state(host.database(), id)).as(tag + "stored row of " + id).isPresent();
            assertThat(Files.readString(host.sessionCgroup(id).resolve("cgroup.events")))
                    .as(tag + "processes of " + id + " (listed " + rows + ")").contains("populated 1");
        }
        if (logon.alive()) {
            assertThat(rows).as(tag + "the logon's session").singleElement().satisfies(r -> {
                assertThat(r.get("user")).isEqualTo(alice.name());
                assertThat(r.get("state")).isEqualTo("active");
                assertThat(Procs.cgroupOf(logon.shellPid()))
                        .isEqualTo(Procs.sessionCgroupName(host, Integer.parseInt(r.get("id"))));
            });
            return "new session";
        }
        assertThat(rows).as(tag + "client ended (" + logon.output().strip() + "), so no session").isEmpty();
        assertThat(logon.output()).as(tag + "why the client ended").contains("is being logged off");
        return "reconnected, then logged off";
    }

    private static String state(TermhostProcess host, int id) {
        return ControlClient.sessions(host).stream().filter(r -> r.get("id").equals(Integer.toString(id)))
                .map(r -> r.get("state")).findFirst().orElse("gone");
    }

    /** {@code ssh -tt} with its terminal's input and output as pipes (no terminal of our own: cheap). */
    private static final class Client implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final StringBuffer out = new StringBuffer();
        private long shellPid = -1;

        private Client(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            Thread pump = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (InputStream s = process.getInputStream()) {
                    for (int n; (n = s.read(buf)) >= 0; ) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // the client ended
                }
            }, "race-client");
            pump.setDaemon(true);
            pump.start();
        }

        static Client start(SshClient ssh) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("ssh", "-tt"));
            cmd.addAll(ssh.options());
            cmd.add(ssh.user().name() + "@127.0.0.1");
            return new Client(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        static Client logon(SshClient ssh) throws IOException {
            Client c = start(ssh);
            await().atMost(Duration.ofSeconds(60)).until(c::shellAnswers);
            return c;
        }

        boolean alive() {
            return process.isAlive();
        }

        String output() {
            return out.toString();
        }

        /** Asks the shell for its pid once the prompt is up; true once it answered. */
        boolean shellAnswers() throws IOException {
            if (shellPid > 0) {
                return true;
            }
            String text = out.toString();
            if (!text.contains("PID=") && text.contains("$ ")) {
                in.write("echo PID=$((0+$$))=\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                out.append("PID=sent");
                return false;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("PID=(\\d+)=").matcher(text);
            if (m.find()) {
                shellPid = Long.parseLong(m.group(1));
                return true;
            }
            return false;
        }

        long shellPid() {
            return shellPid;
        }

        /** Waits for the shell and returns the id of the session it runs in. */
        int awaitShell(TermhostProcess host) {
            await().atMost(Duration.ofSeconds(60)).until(this::shellAnswers);
            String group = Procs.cgroupOf(shellPid);
            return Integer.parseInt(group.substring(group.lastIndexOf("session-") + "session-".length()));
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
