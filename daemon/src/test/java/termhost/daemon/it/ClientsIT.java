package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: every common SSH client logs on with its default settings. Each is the real
 * one (Debian's packages from {@code scripts/install-deps --test}; JSch from Maven Central) and
 * runs a command line in the user's shell: its output, computed there, and its exit status come
 * back. Clients with a terminal also reach a prompt. The user's key is {@link TestUser}'s ed25519
 * one, converted here for the clients with a format of their own. The negotiated cipher is checked
 * where a client tells it: none may be chacha20, which is slow in MINA (see SshAlgorithms).
 */
@ExtendWith(RootRequired.class)
class ClientsIT {
    /** Output only the shell computes (never the echo of what was sent), and a status of its own. */
    private static final String COMMAND = "echo $((6*7)); exit 3";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void openSsh() {
        // the first LogLevel given wins, so this one beats the quiet one of options()
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "LogLevel=DEBUG1"));
        cmd.addAll(env.ssh().options());
        cmd.addAll(List.of(login(), COMMAND));

        Shell.Result r = Shell.run(cmd, Map.of(), null, TIMEOUT);

        assertRanTheCommand(r);
        // its first choices, chacha20 (not offered) and then aes128-ctr with the first ETM MAC MINA has
        assertThat(r.err()).contains("kex: server->client cipher: aes128-ctr MAC: hmac-sha2-256-etm@openssh.com");
    }

    @Test
    void puttyPlink() {
        Shell.Result r = Shell.run(plink(COMMAND), Map.of(), null, TIMEOUT);

        assertRanTheCommand(r);
    }

    @Test
    void puttyPlinkReachesAPromptInATerminal() throws Exception {
        List<String> cmd = plink(null);
        cmd.add(cmd.indexOf("plink") + 1, "-t");
        try (Terminal term = Terminal.open(tmp.resolve("plink-term"), cmd, 100, 30)) {
            assertThat(term.run("echo $((6*7))")).isEqualTo("42");
        }
    }

    @Test
    void dropbearDbclient() {
        Shell.Result r = Shell.run(dbclient(COMMAND), Map.of(), null, TIMEOUT);

        assertRanTheCommand(r);
    }

    @Test
    void dropbearDbclientReachesAPromptInATerminal() throws Exception {
        List<String> cmd = dbclient(null);
        cmd.add(1, "-t");
        try (Terminal term = Terminal.open(tmp.resolve("dbclient-term"), cmd, 100, 30)) {
            assertThat(term.run("echo $((6*7))")).isEqualTo("42");
        }
    }

    @Test
    void paramiko() throws Exception {
        Shell.Result r = python("paramiko");

        assertRanTheCommand(r);
        assertThat(r.err()).contains("cipher: aes128-ctr");
    }

    @Test
    void asyncSsh() throws Exception {
        Shell.Result r = python("asyncssh");

        assertRanTheCommand(r);
        // chacha20 first, then AES-GCM
        assertThat(r.err()).contains("cipher: aes256-gcm@openssh.com");
    }

    @Test
    void jsch() throws Exception {
        Session s = jschSession();
        try {
            ChannelExec exec = (ChannelExec) s.openChannel("exec");
            exec.setCommand(COMMAND);
            InputStream out = exec.getInputStream();
            exec.connect(30_000);
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            await().atMost(TIMEOUT).until(exec::isClosed);

            assertThat(text.strip()).isEqualTo("42");
            assertThat(exec.getExitStatus()).isEqualTo(3);
        } finally {
            s.disconnect();
        }
    }

    @Test
    void jschReachesAPromptInATerminal() throws Exception {
        Session s = jschSession();
        try {
            ChannelShell shell = (ChannelShell) s.openChannel("shell");
            shell.setPtyType("xterm", 100, 30, 0, 0);
            InputStream screen = shell.getInputStream();
            OutputStream keys = shell.getOutputStream(); // a new stream each call: one, before connecting
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            shell.connect(30_000);
            awaitOutput(screen, seen, env.alice().name() + "@");
            // the typed line shows $((6*7)); only the shell's output has the product between the marks
            keys.write("echo TH$((6*7))END\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            awaitOutput(screen, seen, "TH42END");
            shell.disconnect();
        } finally {
            s.disconnect();
        }
    }

    /**
     * JSch's stream is a {@link java.io.PipedInputStream}, which fails the writer once the thread
     * that last read it has ended, so it is read on the test's thread, not on one of Awaitility's.
     */
    /**
     * Debian still packages JCraft's JSch (libjsch-java, 0.1.5x), which many Java tools bundle: it
     * has no ed25519 at all, so it needs the ECDSA host key, and an ECDSA user key in PEM, the only
     * format it reads.
     */
    @Test
    void jcraftJschAsDebianPackagesIt() throws Exception {
        Path key = tmp.resolve("alice-ecdsa");
        Shell.run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", "", "-f",
                key.toString())).requireSuccess("ssh-keygen");
        Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"), Files.readString(Path.of(key + ".pub")),
                StandardOpenOption.APPEND);
        Path source = Path.of(ClientsIT.class.getResource("/clients/JcraftJschExec.java").toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Shell.Result r = Shell.run(List.of(java, "-cp", "/usr/share/java/jsch.jar", source.toString(), port(),
                env.alice().name(), key.toString(), COMMAND), Map.of(), null, TIMEOUT);

        assertRanTheCommand(r);
        assertThat(r.err()).contains("host key: ecdsa-sha2-nistp256");
    }

    private static void awaitOutput(InputStream screen, ByteArrayOutputStream seen, String text) {
        byte[] buf = new byte[8192];
        await().atMost(TIMEOUT).pollInSameThread().until(() -> {
            for (int n; screen.available() > 0 && (n = screen.read(buf)) > 0; ) {
                seen.write(buf, 0, n);
            }
            return seen.toString(StandardCharsets.UTF_8).contains(text);
        });
    }

    private static void assertRanTheCommand(Shell.Result r) {
        assertThat(r.out().strip()).as("stdout; stderr: %s", r.err()).isEqualTo("42");
        assertThat(r.exit()).as("exit status; stderr: %s", r.err()).isEqualTo(3);
    }

    private String login() {
        return env.alice().name() + "@127.0.0.1";
    }

    private String port() {
        return Integer.toString(env.host().port());
    }

    /**
     * plink with the key in PuTTY's format and the daemon's host key as ssh-keyscan sees it (no
     * cache); PUTTYDIR keeps PuTTY's random seed file out of root's home.
     */
    private List<String> plink(String command) {
        String puttyDir = "PUTTYDIR=" + tmp.resolve("putty");
        Path ppk = tmp.resolve("alice.ppk");
        Shell.run(List.of("env", puttyDir, "puttygen", env.alice().key().toString(), "-O", "private", "-o",
                ppk.toString())).requireSuccess("puttygen");
        List<String> cmd = new ArrayList<>(List.of("env", puttyDir, "plink", "-batch", "-hostkey",
                hostKeyFingerprint(), "-i", ppk.toString(), "-P", port(), login()));
        if (command != null) {
            cmd.add(command);
        }
        return cmd;
    }

    /** dbclient with the key in Dropbear's format; -y -y: no host-key check, nothing written to root's home. */
    private List<String> dbclient(String command) {
        Path key = tmp.resolve("alice.dropbear");
        Shell.run(List.of("dropbearconvert", "openssh", "dropbear", env.alice().key().toString(), key.toString()))
                .requireSuccess("dropbearconvert");
        List<String> cmd = new ArrayList<>(List.of("dbclient", "-y", "-y", "-i", key.toString(), "-p", port(),
                login()));
        if (command != null) {
            cmd.add(command);
        }
        return cmd;
    }

    private String hostKeyFingerprint() {
        Shell.Result scan = Shell.run(List.of("ssh-keyscan", "-p", port(), "-t", "ed25519", "127.0.0.1"))
                .requireSuccess("ssh-keyscan");
        Shell.Result fp = Shell.run(List.of("ssh-keygen", "-l", "-f", "-"), Map.of(), scan.out(), TIMEOUT)
                .requireSuccess("ssh-keygen -l");
        return fp.out().split(" ")[1]; // "256 SHA256:... 127.0.0.1 (ED25519)"
    }

    /** Debian's python3 (where python3-paramiko and python3-asyncssh are), not whatever python3 is first on PATH. */
    /** The library with its defaults, through the bench's own driver of it (so the bench's rows are tested too). */
    private Shell.Result python(String library) {
        return Shell.run(List.of("/usr/bin/python3", HostLauncher.REPOSITORY.resolve("bench/pyssh.py").toString(),
                library, port(), env.alice().name(), env.alice().key().toString(), COMMAND), Map.of(), null, TIMEOUT);
    }

    private Session jschSession() throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(env.alice().key().toString());
        Session s = jsch.getSession(env.alice().name(), "127.0.0.1", env.host().port());
        s.setConfig("StrictHostKeyChecking", "no"); // its host-key store is this object's, in memory
        s.connect(30_000);
        return s;
    }
}
