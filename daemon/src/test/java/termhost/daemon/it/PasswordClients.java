package termhost.daemon.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clients people log on with by password, none written here: OpenSSH through sshpass, PuTTY's
 * plink, Dropbear's dbclient and paramiko (Debian's, under Debian's own python3). Each needs its
 * package ({@code scripts/install-deps --test}); a test that finds one missing is skipped saying so.
 */
public final class PasswordClients {
    /** Debian's python3: another on PATH (pyenv) lacks Debian's paramiko. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PARAMIKO = """
            import sys, paramiko
            port, user, mode, command = sys.argv[1:5]
            answers = sys.argv[5:]
            t = paramiko.Transport(("127.0.0.1", int(port)))
            t.start_client(timeout=30)
            try:
                if mode == "password":
                    t.auth_password(user, answers[0])
                else:
                    def handler(title, instructions, prompts):
                        for p, echo in prompts:
                            print("PROMPT " + p, file=sys.stderr)
                        return [answers.pop(0) for _ in prompts]
                    t.auth_interactive(user, handler)
            except paramiko.AuthenticationException as e:
                print("REFUSED " + str(e), file=sys.stderr)
                sys.exit(3)
            c = t.open_session()
            c.exec_command(command)
            sys.stdout.write(c.makefile().read().decode())
            sys.exit(c.recv_exit_status())
            """;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final TermhostProcess host;
    private final Path workDir;

    public PasswordClients(TermhostProcess host, Path workDir) {
        this.host = host;
        this.workDir = workDir;
    }

    /** Skips the test unless {@code tool} is installed; {@code pkg} is the Debian package that has it. */
    public static void assumeInstalled(String tool, String pkg) {
        assumeTrue(Shell.run(List.of("sh", "-c", "command -v " + tool)).exit() == 0,
                tool + " is not installed (scripts/install-deps --test installs " + pkg + ")");
    }

    /** ssh options for a logon by {@code method} alone, no key, no host-key prompt, one try. */
    public List<String> sshOptions(String method) {
        return new ArrayList<>(List.of("-p", Integer.toString(host.port()), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentityAgent=none",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=" + method,
                "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10"));
    }

    /** {@code sshpass -p PASSWORD ssh -o PreferredAuthentications=password login@host command}. */
    public Shell.Result openssh(String login, String password, String command) {
        assumeInstalled("sshpass", "sshpass");
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password, "ssh"));
        cmd.addAll(sshOptions("password"));
        cmd.addAll(List.of(login + "@127.0.0.1", command));
        return Shell.run(cmd, Map.of(), null, TIMEOUT);
    }

    /** PuTTY's {@code plink -batch -pw}, the host key pinned by its fingerprint. */
    public Shell.Result plink(String login, String password, String command) {
        assumeInstalled("plink", "putty-tools");
        return Shell.run(List.of("plink", "-ssh", "-batch", "-P", Integer.toString(host.port()), "-hostkey",
                hostKeyFingerprint(host), "-pw", password, login + "@127.0.0.1", command), Map.of(), null, TIMEOUT);
    }

    /** Dropbear's {@code dbclient}, the password in {@code DROPBEAR_PASSWORD}; {@code -y -y}: no host-key check. */
    public Shell.Result dbclient(String login, String password, String command) {
        assumeInstalled("dbclient", "dropbear-bin");
        return Shell.run(List.of("dbclient", "-y", "-y", "-p", Integer.toString(host.port()), login + "@127.0.0.1",
                command), Map.of("DROPBEAR_PASSWORD", password, "HOME", workDir.toString()), null, TIMEOUT);
    }

    /**
     * paramiko: {@code mode} {@code password} ({@code auth_password}) or {@code interactive}
     * ({@code auth_interactive}, answering the prompts with {@code answers} in order; each prompt is
     * printed to stderr as {@code PROMPT text}). Exit 3 and {@code REFUSED} on stderr when refused.
     * paramiko 2.12 has no AES-GCM: the daemon must offer {@code aes128-ctr} too.
     */
    public Shell.Result paramiko(String login, String mode, String command, String... answers) throws IOException {
        assumeTrue(Shell.run(List.of(PYTHON, "-c", "import paramiko")).exit() == 0,
                "paramiko is not installed (scripts/install-deps --test installs python3-paramiko)");
        Path script = workDir.resolve("paramiko-logon.py");
        if (!Files.exists(script)) {
            Files.writeString(script, PARAMIKO);
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), Integer.toString(host.port()), login,
                mode, command));
        cmd.addAll(List.of(answers));
        return Shell.run(cmd, Map.of(), null, TIMEOUT);
    }

    /** The daemon's ed25519 host key as PuTTY's {@code -hostkey} takes it: {@code SHA256:...}. */
    public static String hostKeyFingerprint(TermhostProcess host) {
        String fingerprint = Shell.run(List.of("sh", "-c", "ssh-keyscan -t ed25519 -p " + host.port()
                + " 127.0.0.1 2>/dev/null | ssh-keygen -lf - | awk '{print $2}'")).out().strip();
        if (!fingerprint.startsWith("SHA256:")) {
            throw new AssertionError("no host key fingerprint from ssh-keyscan: '" + fingerprint + "'");
        }
        return fingerprint;
    }
}
