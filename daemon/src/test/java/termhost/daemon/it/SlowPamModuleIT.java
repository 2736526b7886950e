package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 1: PAM never stalls other users' I/O. A module that waits (as pam_faildelay or a
 * slow directory does) holds more password logons than MINA has I/O threads, all at once, while
 * another user's attached session keeps echoing what is typed; once released, each logon ends.
 * The "slow module" is pam_exec running a script that waits on a lock the test holds, so the
 * logons stay inside PAM exactly as long as the test says, with no sleep anywhere.
 */
@ExtendWith(RootRequired.class)
class SlowPamModuleIT {
    /** More logons than MINA has I/O threads (cores + 1) on any machine this runs on. */
    private static final int LOGONS = Runtime.getRuntime().availableProcessors() + 4;

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(2);

    @Test
    void othersKeepTypingWhileLogonsWaitInAModule() throws Exception {
        PasswordClients.assumeInstalled("sshpass", "sshpass");
        PasswordClients.assumeInstalled("flock", "util-linux");
        Path gate = tmp.resolve("gate");
        Path entered = Files.createDirectories(tmp.resolve("entered"));
        Path script = tmp.resolve("slow-module.sh");
        Files.writeString(script, "#!/bin/sh\n: > '" + entered + "'/$$\nexec flock -s '" + gate + "' true\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Process holder = new ProcessBuilder("flock", "-x", gate.toString(), "sh", "-c", "echo locked; exec cat")
                .redirectErrorStream(true).start();
        List<Process> logons = new ArrayList<>();
        try (PamServiceFile service = PamServiceFile.write("auth requisite pam_exec.so quiet " + script,
                "@include common-auth", "@include common-account")) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(r.readLine()).isEqualTo("locked");
                env.start(service.setting(), "auth.methods=publickey password");
                TestUser bob = env.bob();
                bob.setPassword("Pw-slow-module");
                try (Terminal alice = env.ssh().interactive(tmp.resolve("terms"), 100, 30)) {
                    assertThat(alice.run("echo $((6*7))")).isEqualTo("42");

                    PasswordClients clients = new PasswordClients(env.host(), tmp);
                    for (int i = 0; i < LOGONS; i++) {
                        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", "Pw-slow-module", "ssh"));
                        cmd.addAll(clients.sshOptions("password"));
                        cmd.addAll(List.of(bob.name() + "@127.0.0.1", "id -un"));
                        logons.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                                .redirectOutput(tmp.resolve("logon-" + i + ".out").toFile()).start());
                    }
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(entered))
                            .as("logons inside the slow module").isEqualTo(LOGONS));

                    // every logon waits in PAM, and alice's keystrokes still come back
                    assertThat(alice.run("echo $((6*8))")).isEqualTo("48");
                    assertThat(logons).allMatch(Process::isAlive);
                }
                holder.getOutputStream().close(); // cat ends, flock lets go
                for (int i = 0; i < LOGONS; i++) {
                    Process p = logons.get(i);
                    await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive());
                    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("logon-" + i + ".out"))).isZero();
                    assertThat(Files.readString(tmp.resolve("logon-" + i + ".out")).strip()).isEqualTo(bob.name());
                }
            }
        } finally {
            holder.destroyForcibly();
            logons.forEach(Process::destroyForcibly);
        }
    }

    private static long count(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
