package termhost.daemon.it;

import static org.awaitility.Awaitility.await;

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
 * A real {@code ssh-agent}, started by the test in the foreground ({@code -D}) on a socket in its
 * temp dir, holding one new key; {@link #close} stops it by its PID. What the client forwards
 * with {@code ssh -A}.
 */
final class TestAgent implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final String comment;

    private TestAgent(Process process, Path socket, String comment) {
        this.process = process;
        this.socket = socket;
        this.comment = comment;
    }

    /** An agent in {@code dir} (a temp dir of the test) holding a new ed25519 key. */
    static TestAgent start(Path dir) throws IOException {
        String name = "agent" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        Path socket = dir.resolve(name + ".sock");
        String comment = "key-of-" + name;
        Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TestAgent agent = new TestAgent(p, socket, comment);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket) || !p.isAlive());
            if (!p.isAlive()) {
                throw new IOException("ssh-agent ended at once: " + p.exitValue());
            }
            Path key = dir.resolve(name);
            Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString()))
                    .requireSuccess("ssh-keygen");
            Shell.run(List.of("ssh-add", key.toString()), Map.of("SSH_AUTH_SOCK", socket.toString()), null,
                    Duration.ofSeconds(20)).requireSuccess("ssh-add");
            return agent;
        } catch (IOException | RuntimeException | Error e) {
            agent.close();
            throw e;
        }
    }

    /** The comment of its key, as {@code ssh-add -l} lists it. */
    String keyComment() {
        return comment;
    }

    /** {@code ssh [flags] -A host [command]} as {@code client}'s user, forwarding this agent. */
    List<String> forwarding(SshClient client, List<String> flags, String command) {
        List<String> f = new ArrayList<>(flags);
        f.add("-A");
        List<String> cmd = client.commandLine(f, command);
        // options() turns the agent off (IdentityAgent=none unsets SSH_AUTH_SOCK in ssh): this one instead
        cmd.set(cmd.indexOf("IdentityAgent=none"), "IdentityAgent=" + socket);
        return cmd;
    }

    @Override
    public void close() {
        process.destroy(); // by its PID: SIGTERM
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
