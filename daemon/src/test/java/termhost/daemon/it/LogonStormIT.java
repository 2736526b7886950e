package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Issue 11, item 9: a burst of clients that connect at the same moment all get in. MINA accepted
 * one connection at a time on the I/O threads that also ran every key exchange and public-key
 * check, so the version banner of the later ones waited behind the handshakes of the first, and
 * OpenSSH's client gave up after its ConnectTimeout ("Connection timed out during banner
 * exchange"); connections beyond the JDK's listen backlog of 50 were not even accepted by the
 * kernel ("connect ... Connection timed out"). Here the real ssh clients ({@code ConnectTimeout=10},
 * as every test's) are started, each blocked on opening one FIFO, and let go at once by opening it.
 */
// run alone: the clients load both cores for several seconds
@Isolated
@ExtendWith(RootRequired.class)
class LogonStormIT {
    private static final int CLIENTS = 200;

    @TempDir
    Path tmp;

    @Test
    void aBurstOfClientsAllGetInAndTheirSessionsAllEnd() throws Exception {
        Path fifo = tmp.resolve("release");
        Shell.run(List.of("mkfifo", fifo.toString())).requireSuccess("mkfifo");
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"));
                TestUser alice = TestUser.create(tmp);
                TestUser bob = TestUser.create(tmp)) {
            List<Process> clients = new ArrayList<>();
            FileOutputStream release = null;
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                            // says it is there, then waits until the FIFO has a writer
                            "touch \"$1\"; : < \"$0\"; shift; exec \"$@\"", fifo.toString(),
                            tmp.resolve("ready-" + i).toString()));
                    cmd.addAll(new SshClient(host, i % 2 == 0 ? alice : bob).commandLine(List.of(), "echo in"));
                    clients.add(new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out-" + i).toFile())
                            .redirectError(tmp.resolve("err-" + i).toFile()).start());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ready() == CLIENTS);
                // held open until the end: a client that opens it later must not wait for another writer
                release = new FileOutputStream(fifo.toFile());

                Map<String, Integer> failures = new TreeMap<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Process p = clients.get(i);
                    String why;
                    if (!p.waitFor(180, TimeUnit.SECONDS)) {
                        why = "still running after 180 s";
                    } else if (p.exitValue() != 0 || !Files.readString(tmp.resolve("out-" + i)).equals("in\n")) {
                        why = "exit " + p.exitValue() + ": " + Files.readString(tmp.resolve("err-" + i)).strip();
                    } else {
                        continue;
                    }
                    failures.merge(why.replaceAll("port \\d+", "port N"), 1, Integer::sum);
                }
                assertThat(failures).as("clients of %d that did not get in, by what they said", CLIENTS).isEmpty();
            } finally {
                clients.forEach(Process::destroyForcibly);
                if (release != null) {
                    release.close();
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> ControlClient.sessions(host).stream()
                    .allMatch(r -> List.of("0", "1", "65536").contains(r.get("id"))));
            try (Stream<Path> left = Files.list(host.cgroupParent())) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("session-")))
                        .as("session cgroups left").isEmpty();
            }
        }
    }

    private long ready() throws java.io.IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
        }
    }
}
