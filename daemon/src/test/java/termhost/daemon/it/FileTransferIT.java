package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, items 1 and 3: the tools users copy files and code with work through termhost as
 * through sshd: git over ssh, scp in both its modes, sftp, rsync, PuTTY's pscp and psftp. The
 * copies are checked byte for byte; what lands on the host belongs to the user and follows the
 * umask the user set (here in ~/.bashrc, which bash reads for a command run over ssh).
 */
@ExtendWith(RootRequired.class)
class FileTransferIT {
    private static final String UMASK = "027";

    @RegisterExtension
    static final HostWithUsers ENV = HostWithUsers.forTheClass(1);

    private final TermhostProcess host = ENV.host();
    private final TestUser user = ENV.alice();
    private final SshClient ssh = ENV.ssh();
    private Path local;

    @BeforeAll
    static void setTheUsersUmask() throws IOException {
        Path bashrc = ENV.alice().home().resolve(".bashrc");
        Files.writeString(bashrc, "umask " + UMASK + "\n" + (Files.exists(bashrc) ? Files.readString(bashrc) : ""));
    }

    @BeforeEach
    void makeLocalDir() throws IOException {
        local = Files.createDirectories(ENV.dir().resolve("local"));
    }

    @Test
    void gitClonesAndPushesOverSsh() throws Exception {
        ssh.exec("git init -q --bare project.git").requireSuccess("git init");
        Map<String, String> git = Map.of("GIT_SSH_COMMAND", "ssh " + String.join(" ", ssh.options()),
                "GIT_AUTHOR_NAME", "T", "GIT_AUTHOR_EMAIL", "t@example.org", "GIT_COMMITTER_NAME", "T",
                "GIT_COMMITTER_EMAIL", "t@example.org");
        String remote = user.name() + "@127.0.0.1:project.git";
        Path first = local.resolve("first");
        run(git, "git", "clone", "-q", remote, first.toString());
        Files.writeString(first.resolve("README"), "pushed through termhost\n");
        run(git, "git", "-C", first.toString(), "add", "README");
        run(git, "git", "-C", first.toString(), "commit", "-q", "-m", "first");
        run(git, "git", "-C", first.toString(), "push", "-q", "origin", "HEAD:main");

        Path second = local.resolve("second");
        run(git, "git", "clone", "-q", "-b", "main", remote, second.toString());

        assertThat(Files.readString(second.resolve("README"))).isEqualTo("pushed through termhost\n");
        assertThat(ownerOf(user.home().resolve("project.git/HEAD"))).isEqualTo(user.name());
    }

    /** {@code -O}: the old protocol (scp runs {@code scp -t} on the host); none: OpenSSH 9's SFTP. */
    @ParameterizedTest
    @ValueSource(strings = {"-O", "-s"})
    void scpCopiesBothWays(String mode) throws Exception {
        Path up = randomFile("scp" + mode + ".bin", 3 << 20);
        String remote = user.name() + "@127.0.0.1:";
        List<String> scp = new ArrayList<>(List.of("scp", "-q", mode));
        scp.addAll(portAsScpTakesIt(ssh.options()));

        run(Map.of(), concat(scp, up.toString(), remote + "copied" + mode + ".bin"));
        Path down = local.resolve("back" + mode + ".bin");
        run(Map.of(), concat(scp, remote + "copied" + mode + ".bin", down.toString()));

        assertThat(Checksum.sha256(down)).isEqualTo(Checksum.sha256(up));
        assertWrittenByTheUser(user.home().resolve("copied" + mode + ".bin"));
    }

    @Test
    void sftpPutsListsAndGets() throws Exception {
        Path up = randomFile("sftp.bin", 2 << 20);
        Path down = local.resolve("sftp-back.bin");
        Path batch = local.resolve("sftp.batch");
        Files.writeString(batch, String.join("\n", "mkdir drop", "put " + up + " drop/in.bin", "ls drop",
                "get drop/in.bin " + down, "") );
        List<String> sftp = new ArrayList<>(List.of("sftp", "-b", batch.toString()));
        sftp.addAll(portAsScpTakesIt(ssh.options()));
        sftp.add(user.name() + "@127.0.0.1");

        Shell.Result r = run(Map.of(), sftp);

        assertThat(r.out()).contains("drop/in.bin");
        assertThat(Checksum.sha256(down)).isEqualTo(Checksum.sha256(up));
        assertWrittenByTheUser(user.home().resolve("drop/in.bin"));
    }

    @Test
    void rsyncOverSshSyncsATree() throws Exception {
        Path a = randomFile("tree/a.bin", 1 << 20);
        Path b = randomFile("tree/sub/b.bin", 300_000);
        String sshCommand = "ssh " + String.join(" ", ssh.options());

        run(Map.of(), List.of("rsync", "-a", "-e", sshCommand, local.resolve("tree") + "/",
                user.name() + "@127.0.0.1:tree/"));
        Path back = local.resolve("tree-back");
        run(Map.of(), List.of("rsync", "-a", "-e", sshCommand, user.name() + "@127.0.0.1:tree/", back + "/"));

        assertThat(Checksum.sha256(back.resolve("a.bin"))).isEqualTo(Checksum.sha256(a));
        assertThat(Checksum.sha256(back.resolve("sub/b.bin"))).isEqualTo(Checksum.sha256(b));
        assertThat(ownerOf(user.home().resolve("tree/sub/b.bin"))).isEqualTo(user.name());
    }

    @Test
    void anSftpSessionIsListedWhileOpenAndEndsWithItsClient() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).ofUser(user.name()).isEmpty());
        List<String> sftp = new ArrayList<>(List.of("sftp"));
        sftp.addAll(portAsScpTakesIt(ssh.options()));
        sftp.add(user.name() + "@127.0.0.1");
        // the client waits for commands on its stdin, which this test holds open
        Process client = new ProcessBuilder(sftp).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).ofUser(user.name()).isPresent());
            int id = SessionList.of(host).ofUser(user.name()).orElseThrow().id();
            Path cgroup = host.sessionCgroup(id);
            await().atMost(Duration.ofSeconds(20)).until(() -> Procs.pidsIn(cgroup).stream()
                    .anyMatch(pid -> commandOf(pid).contains("sftp-server")));
            long server = Procs.pidsIn(cgroup).stream().filter(pid -> commandOf(pid).contains("sftp-server"))
                    .findFirst().orElseThrow();
            assertThat(Files.getOwner(Path.of("/proc", Long.toString(server)), LinkOption.NOFOLLOW_LINKS).getName())
                    .isEqualTo(user.name());

            client.getOutputStream().close(); // sftp> EOF: the client quits

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(cgroup));
            await().atMost(Duration.ofSeconds(10)).until(() -> SessionList.of(host).byId(id).isEmpty());
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void puttysPscpAndPsftpCopyBothWays() throws Exception {
        Assumptions.assumeTrue(Shell.run(List.of("sh", "-c", "command -v pscp && command -v psftp && command -v puttygen"))
                .exit() == 0, "PuTTY's tools are not installed (scripts/install-deps --test installs putty-tools)");
        Path ppk = local.resolve("key.ppk");
        run(Map.of(), List.of("puttygen", user.key().toString(), "-O", "private", "-o", ppk.toString()));
        String fingerprint = PasswordClients.hostKeyFingerprint(host);
        List<String> putty = List.of("-batch", "-P", Integer.toString(host.port()), "-i", ppk.toString(),
                "-hostkey", fingerprint);
        Path up = randomFile("pscp.bin", 2 << 20);
        String remote = user.name() + "@127.0.0.1:";

        // pscp takes SFTP when the server has it; -scp forces the old protocol
        run(Map.of(), concat(concat(List.of("pscp", "-q"), putty), up.toString(), remote + "pscp-sftp.bin"));
        run(Map.of(), concat(concat(List.of("pscp", "-q", "-scp"), putty), up.toString(), remote + "pscp-scp.bin"));
        Path batch = local.resolve("psftp.batch");
        Path down = local.resolve("psftp-back.bin");
        Files.writeString(batch, "get pscp-scp.bin " + down + "\n");
        run(Map.of(), concat(concat(List.of("psftp", "-b", batch.toString()), putty), user.name() + "@127.0.0.1"));

        assertThat(Checksum.sha256(down)).isEqualTo(Checksum.sha256(up));
        assertWrittenByTheUser(user.home().resolve("pscp-sftp.bin"));
        assertWrittenByTheUser(user.home().resolve("pscp-scp.bin"));
    }

    /** Owned by the user, and its mode is the client's 0644 less the user's umask 027. */
    private void assertWrittenByTheUser(Path file) throws IOException {
        assertThat(ownerOf(file)).isEqualTo(user.name());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(name.hashCode()).nextBytes(data);
        Path file = local.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** ssh's options as scp and sftp take them: the same, but {@code -P} for the port. */
    private static List<String> portAsScpTakesIt(List<String> sshOptions) {
        List<String> o = new ArrayList<>(sshOptions);
        o.set(o.indexOf("-p"), "-P");
        return o;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static List<String> concat(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private static Shell.Result run(Map<String, String> env, String... cmd) {
        return run(env, List.of(cmd));
    }

    private static Shell.Result run(Map<String, String> env, List<String> cmd) {
        Shell.Result r = Shell.run(cmd, env, null, Duration.ofSeconds(120));
        r.requireSuccess(String.join(" ", cmd));
        return r;
    }

    private static String ownerOf(Path file) throws IOException {
        return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
    }

    private static String commandOf(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
