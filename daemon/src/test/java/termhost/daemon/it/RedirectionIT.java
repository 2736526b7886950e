package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5 (reference/ssh-host.md §5, step 12): {@code redirect.*} and the Virtual
 * Channels right decide file transfer, port and agent forwarding, with the real OpenSSH client and
 * real users; each refusal, and each SFTP server opened, is in the audit log that
 * {@code termhost audit} shows, with its reason; agent forwarding allowed is recorded too.
 * (ForwardingIT and AgentForwardingIT show the forwards the policy allows working.)
 */
@ExtendWith(RootRequired.class)
class RedirectionIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    @Test
    void aVirtualChannelsDenyToAGroupTurnsEveryRedirectionOffForItsMembersOnly() throws Exception {
        env.start();
        String group = "thg" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        try (TestUser member = TestUser.create(tmp, group)) {
            env.host().command("rights", "/deny:@" + group, "VirtualChannels").requireSuccess("deny");
            TestUser other = env.alice();

            assertThat(sftp(member, "ls\n").exit()).isNotZero();
            Shell.Result allowed = sftp(other, "pwd\n");
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            assertThat(allowed.out()).contains("Remote working directory: " + other.home());
            localForward(member);
            agentForward(member);
            agentForward(other);

            awaitAudited("redirect.files", "denied", member, "sftp refused: no Virtual Channels right");
            awaitAudited("redirect.files", "success", other, "sftp");
            awaitAudited("session.port-forward", "denied", member, "direct-tcpip to 127.0.0.1:" + env.host().port()
                    + " (from ");
            awaitAudited("session.port-forward", "denied", member, ": no Virtual Channels right");
            awaitAudited("redirect.agent", "denied", member, "agent forwarding (-A) refused: no Virtual Channels right");
            awaitAudited("redirect.agent", "success", other, "agent forwarding (-A)");
        }
    }

    @Test
    void readOnlyFilesLetAGetThroughButNotAPut() throws Exception {
        env.start("redirect.files=read-only");
        TestUser user = env.alice();
        Files.writeString(user.home().resolve("there.txt"), "on the host\n");
        Path down = tmp.resolve("down.txt");
        Path up = Files.writeString(tmp.resolve("up.txt"), "from the client\n");

        Shell.Result get = sftp(user, "get there.txt " + down + "\n");
        Shell.Result put = sftp(user, "put " + up + " up.txt\n");

        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(Files.readString(down)).isEqualTo("on the host\n");
        assertThat(put.exit()).isNotZero();
        assertThat(put.err()).contains("Permission denied");
        assertThat(user.home().resolve("up.txt")).doesNotExist();
        awaitAudited("redirect.files", "success", user, "sftp read-only: redirect.files=read-only");
    }

    /** scp -O runs "scp -t" in the user's shell, as any command does: like sshd, not a file transfer to refuse. */
    @Test
    void filesOffRefusesSftpAndScpOverItWhileCommandsStillRun() throws Exception {
        env.start("redirect.files=off");
        TestUser user = env.alice();
        Path up = Files.writeString(tmp.resolve("up.txt"), "from the client\n");

        assertThat(sftp(user, "pwd\n").exit()).isNotZero();
        assertThat(scp(user, "-s", up, "via-sftp.txt").exit()).isNotZero();
        assertThat(user.home().resolve("via-sftp.txt")).doesNotExist();
        Shell.Result legacy = scp(user, "-O", up, "via-exec.txt");
        assertThat(legacy.exit()).as(legacy.err()).isZero();
        awaitAudited("redirect.files", "denied", user, "sftp refused: redirect.files=off");
    }

    @Test
    void portsOffRefusesLocalForwardingNamingTheSetting() throws Exception {
        env.start("redirect.ports=off");
        localForward(env.alice());
        awaitAudited("session.port-forward", "denied", env.alice(), ": redirect.ports=off");
    }

    @Test
    void theDefaultPortsRefuseRemoteForwardingAndTheKeysNoPortForwardingRefusesLocal() throws Exception {
        env.start();
        TestUser user = env.alice();
        try (ServerSocket free = new ServerSocket(0)) {
            List<String> cmd = new SshClient(env.host(), user).commandLine(List.of("-o", "ExitOnForwardFailure=yes",
                    "-R", "127.0.0.1:" + free.getLocalPort() + ":127.0.0.1:9"), "true");
            assertThat(Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60)).exit()).isNotZero();
        }
        awaitAudited("session.port-forward", "denied", user, "tcpip-forward on 127.0.0.1:");
        awaitAudited("session.port-forward", "denied", user, ": redirect.ports=local");

        String key = Files.readString(Path.of(user.key() + ".pub")).strip();
        Files.writeString(user.home().resolve(".ssh/authorized_keys"), "no-port-forwarding " + key + "\n");
        localForward(user);
        awaitAudited("session.port-forward", "denied", user, ": the key does not permit port forwarding");
    }

    /** {@code sftp -b} with {@code batch} as {@code user}. */
    private Shell.Result sftp(TestUser user, String batch) throws IOException {
        Path file = Files.writeString(Files.createTempFile(tmp, "batch", ""), batch);
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", file.toString()));
        cmd.addAll(portAsScpTakesIt(user));
        cmd.add(user.name() + "@127.0.0.1");
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60));
    }

    private Shell.Result scp(TestUser user, String mode, Path from, String to) {
        List<String> cmd = new ArrayList<>(List.of("scp", "-q", mode));
        cmd.addAll(portAsScpTakesIt(user));
        cmd.add(from.toString());
        cmd.add(user.name() + "@127.0.0.1:" + to);
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60));
    }

    private List<String> portAsScpTakesIt(TestUser user) {
        List<String> o = new SshClient(env.host(), user).options();
        o.set(o.indexOf("-p"), "-P");
        return o;
    }

    /**
     * {@code ssh -N -L PORT:127.0.0.1:DAEMON} as {@code user}, and a connection to its local port: the
     * client asks the host for the channel then, and closes the connection when it is refused.
     */
    private void localForward(TestUser user) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("ssh", "-N", "-L", port + ":127.0.0.1:" + env.host().port()));
        cmd.addAll(new SshClient(env.host(), user).options());
        cmd.add(user.name() + "@127.0.0.1");
        Process client = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> connectedAndClosed(port));
        } finally {
            client.destroy();
            client.waitFor();
        }
    }

    private static boolean connectedAndClosed(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /**
     * {@code ssh -A} as {@code user}, under an agent of its own ({@code ssh-agent COMMAND} ends with
     * the command). Without the tests' {@code IdentityAgent=none}: with it, ssh forgets the agent
     * and asks for no forwarding.
     */
    private void agentForward(TestUser user) {
        List<String> cmd = new ArrayList<>(List.of("ssh-agent"));
        cmd.addAll(new SshClient(env.host(), user).commandLine(List.of("-A"), "true"));
        int at = cmd.indexOf("IdentityAgent=none");
        cmd.subList(at - 1, at + 1).clear();
        Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60)).requireSuccess("ssh -A");
    }

    private void awaitAudited(String type, String outcome, TestUser user, String detail) {
        // each look runs the termhost command, a JVM: not too often
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(AuditRows.read(env.host()))
                .filteredOn(r -> r.type().equals(type) && r.outcome().equals(outcome) && r.actor().equals(user.name()))
                .extracting(AuditRows.Row::detail).anySatisfy(d -> assertThat(d).contains(detail)));
    }
}
