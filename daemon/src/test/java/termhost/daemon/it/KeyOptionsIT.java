package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2: the options of an authorized_keys line, honoured as sshd honours them, with
 * the real OpenSSH client (reference/ssh-host.md, step 13). A refused line's reason is audited.
 */
@ExtendWith(RootRequired.class)
class KeyOptionsIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void fromAnotherAddressOnlyRefusesTheKey() throws Exception {
        withOptions("from=\"10.9.9.9\"");
        assertRefused(env.ssh().exec("true"), "from=\"10.9.9.9\"");
    }

    @Test
    void fromAListNamingTheClientLogsOn() throws Exception {
        withOptions("from=\"10.0.0.0/8,!127.0.0.2,127.0.0.*\"");
        assertThat(env.ssh().exec("id -un").out().strip()).isEqualTo(env.alice().name());
    }

    @Test
    void aNegatedClientAddressRefusesTheKey() throws Exception {
        withOptions("from=\"*,!127.0.0.1\"");
        assertRefused(env.ssh().exec("true"), "not allowed by from=");
    }

    @Test
    void aKeyPastItsExpiryTimeIsRefused() throws Exception {
        withOptions("expiry-time=\"20200101\"");
        assertRefused(env.ssh().exec("true"), "expired");
    }

    @Test
    void aKeyBeforeItsExpiryTimeLogsOn() throws Exception {
        withOptions("expiry-time=\"29991231\"");
        assertThat(env.ssh().exec("id -un").out().strip()).isEqualTo(env.alice().name());
    }

    @Test
    void anOptionTermhostDoesNotEnforceRefusesTheLineAndTheNextLineStillCounts() throws Exception {
        withOptions("tunnel=\"0\"");
        assertRefused(env.ssh().exec("true"), "line 1: bad options: option tunnel is not supported");
        // as sshd: a refused line does not end the search, a later line of the same key admits it
        String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
        Files.writeString(authorizedKeys(), "tunnel=\"0\" " + key + "\n" + key + "\n");
        assertThat(env.ssh().exec("id -un").out().strip()).isEqualTo(env.alice().name());
    }

    @Test
    void aForcedCommandRunsInsteadOfTheClientsWithTheOriginalInItsEnvironment() throws Exception {
        withOptions("command=\"echo forced; echo \\\"asked=$SSH_ORIGINAL_COMMAND\\\"\"");
        Shell.Result r = env.ssh().exec("echo other; exit 3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("forced\nasked=echo other; exit 3\n");
    }

    @Test
    void aForcedCommandReplacesTheShellOfAnInteractiveLogon() throws Exception {
        withOptions("command=\"echo forced; echo set=${SSH_ORIGINAL_COMMAND+yes}; tty\"");
        Shell.Result r = Shell.run(sshWith(List.of("-tt"), null), Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.err()).isZero();
        // no SSH_ORIGINAL_COMMAND for a shell request, as with sshd; the client's terminal is its
        assertThat(r.out()).contains("forced\r\nset=\r\n/dev/pts/");
        // its own session, ended with it: the user's interactive session was never entered
        await().atMost(Duration.ofSeconds(15)).until(() -> SessionList.of(env.host()).sessions().isEmpty());
    }

    @Test
    void noPtyRefusesATerminalWhileCommandsOnPipesStillRun() throws Exception {
        withOptions("no-pty");
        // OpenSSH's client gives up when a terminal it asked for with -t is refused, as with sshd
        Shell.Result r = Shell.run(sshWith(List.of("-tt"), "tty"), Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.err()).contains("PTY allocation request failed");
        assertThat(r.out()).doesNotContain("/dev/pts/");
        Shell.Result piped = env.ssh().exec("tty; echo ran");
        assertThat(piped.out()).isEqualTo("not a tty\nran\n");
    }

    @Test
    void noPtyGivesAShellRequestItsShellOnPipes() throws Exception {
        withOptions("no-pty");
        Shell.Result r = Shell.run(sshWith(List.of("-T"), null), Map.of(), "tty; echo \"shell=$0\"\n",
                Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("not a tty\nshell=/bin/bash\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> SessionList.of(env.host()).sessions().isEmpty());
    }

    @Test
    void restrictRefusesATerminalUnlessPtyFollows() throws Exception {
        withOptions("restrict");
        assertThat(Shell.run(sshWith(List.of("-tt"), "tty"), Map.of(), null, Duration.ofSeconds(60)).err())
                .contains("PTY allocation request failed");
        withOptions("restrict,pty");
        Shell.Result r = Shell.run(sshWith(List.of("-tt"), "tty"), Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.out()).as(r.err()).contains("/dev/pts/");
    }

    @Test
    void anInternalSftpKeyServesFilesOnlyAsSshdDoes() throws Exception {
        withOptions("restrict,command=\"internal-sftp -R\"");
        Path batch = tmp.resolve("batch");
        Files.writeString(batch, "pwd\n-put " + batch + " up\n");
        List<String> sftp = new ArrayList<>(List.of("sftp", "-b", batch.toString()));
        List<String> options = env.ssh().options();
        options.set(options.indexOf("-p"), "-P");
        sftp.addAll(options);
        sftp.add(env.alice().name() + "@127.0.0.1");
        Shell.Result r = Shell.run(sftp, Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Remote working directory: " + env.alice().home());
        // -R, passed on to sftp-server: read-only
        assertThat(r.err()).contains("Permission denied");
        assertThat(env.alice().home().resolve("up")).doesNotExist();
        Shell.Result exec = env.ssh().exec("id");
        assertThat(exec.exit()).isEqualTo(1);
        assertThat(exec.err()).contains("This service allows sftp connections only.");
        assertThat(exec.out()).isEmpty();
    }

    private Path authorizedKeys() {
        return env.alice().home().resolve(".ssh/authorized_keys");
    }

    /** Alice's one key line, with {@code options} before it. */
    private void withOptions(String options) throws Exception {
        String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
        Files.writeString(authorizedKeys(), options + " " + key + "\n", StandardCharsets.UTF_8);
    }

    /** {@code ssh FLAGS host [command]}. */
    private List<String> sshWith(List<String> flags, String command) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(flags);
        cmd.addAll(env.ssh().options());
        cmd.add(env.alice().name() + "@127.0.0.1");
        if (command != null) {
            cmd.add(command);
        }
        return cmd;
    }

    private void assertRefused(Shell.Result r, String reason) {
        Refusals.assertRefused(env.host(), r, env.alice().name(), reason);
    }
}
