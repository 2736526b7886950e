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
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 13, item 4, agent forwarding (reference/ssh-host.md, step 11): {@code ssh -A} with a real
 * {@code ssh-agent}; one socket per session, made by the user's helper, that reaches the agent of
 * the owner's attached connection, follows reconnects and no other user's connection.
 */
@ExtendWith(RootRequired.class)
@ResourceLock(HostWithUsers.ADMIN_GROUP) // the tscon case makes a member of termhost-admins
class AgentForwardingIT {
    private static final String NO_AGENT = "Could not open a connection to your authentication agent";

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(2);

    @Test
    void anExecCommandListsTheForwardedKeyWithDashAOnly() throws Exception {
        env.start();
        try (TestAgent agent = TestAgent.start(tmp)) {
            Shell.Result r = exec(agent.forwarding(env.ssh(), List.of(), "ssh-add -l; echo sock=$SSH_AUTH_SOCK"));

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains(agent.keyComment()).containsPattern("sock=/.*/agent\\.sock");
            awaitAudited("success", env.alice().name(), "agent forwarding (-A)");

            List<String> withoutA = agent.forwarding(env.ssh(), List.of(), "ssh-add -l");
            withoutA.remove("-A");
            Shell.Result none = exec(withoutA);
            assertThat(none.exit()).isNotZero();
            assertThat(none.out() + none.err()).contains(NO_AGENT);
        }
    }

    @Test
    void theInteractiveSessionsSocketStaysAndReachesTheAgentOfTheNextConnection() throws Exception {
        env.start();
        try (TestAgent first = TestAgent.start(tmp); TestAgent second = TestAgent.start(tmp)) {
            String path;
            int id;
            try (Terminal t = logon(first, "t1")) {
                id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
                path = t.run("echo $SSH_AUTH_SOCK").strip();
                assertThat(path).endsWith("/agent.sock");
                assertThat(t.run("ssh-add -l")).contains(first.keyComment());

                // another user cannot reach it: the session's directory is the owner's, 0700
                Shell.Result bob = env.bob().runOnHost("ssh-add -l", Map.of("SSH_AUTH_SOCK", path));
                assertThat(bob.exit()).isNotZero();
                assertThat(bob.out() + bob.err()).contains("Permission denied");
                // root, outside the session, gets through the directory but not past the peer check
                Shell.Result root = Shell.run(List.of("ssh-add", "-l"), Map.of("SSH_AUTH_SOCK", path), null,
                        Duration.ofSeconds(30));
                assertThat(root.exit()).isNotZero();
                assertThat(root.out()).doesNotContain(first.keyComment());
                awaitAudited("denied", "termhost", "is neither " + env.alice().name() + " nor in the session");
            }
            SessionList.awaitState(env.host(), id, "Disc");

            try (Terminal t = logon(second, "t2")) {
                assertThat(SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id()).isEqualTo(id);
                assertThat(t.run("echo $SSH_AUTH_SOCK").strip()).isEqualTo(path);
                String listed = t.run("ssh-add -l");
                assertThat(listed).contains(second.keyComment()).doesNotContain(first.keyComment());
            }
        }
    }

    /**
     * A session started by a connection that forwarded no agent still gets its socket: the owner's
     * next connection with {@code -A} reaches it there, as a new connection to sshd gets an agent.
     */
    @Test
    void aSessionStartedWithoutAnAgentReachesTheAgentOfALaterConnection() throws Exception {
        env.start();
        try (TestAgent agent = TestAgent.start(tmp)) {
            int id;
            String path;
            try (Terminal t = open(env.ssh().commandLine(List.of("-tt"), null), "t1")) {
                id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
                path = t.run("echo $SSH_AUTH_SOCK").strip();
                assertThat(path).endsWith("/agent.sock");
                assertThat(t.run("ssh-add -l")).doesNotContain(agent.keyComment());
            }
            SessionList.awaitState(env.host(), id, "Disc");

            try (Terminal t = logon(agent, "t2")) {
                assertThat(SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id()).isEqualTo(id);
                assertThat(t.run("echo $SSH_AUTH_SOCK").strip()).isEqualTo(path);
                assertThat(t.run("ssh-add -l")).contains(agent.keyComment());
            }
        }
    }

    @Test
    void aRestartedDaemonListensOnTheReadoptedSessionsSocketAgain() throws Exception {
        env.start();
        try (TestAgent agent = TestAgent.start(tmp)) {
            String path;
            try (Terminal t = logon(agent, "t1")) {
                path = t.run("echo $SSH_AUTH_SOCK").strip();
                env.host().stop();
                await().atMost(Duration.ofSeconds(20)).until(t::clientExited);
            }
            env.host().restart();
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            SessionList.awaitState(env.host(), id, "Disc");

            try (Terminal t = logon(agent, "t2")) {
                assertThat(t.run("echo $SSH_AUTH_SOCK").strip()).isEqualTo(path);
                assertThat(t.run("ssh-add -l")).contains(agent.keyComment());
            }
        }
    }

    @Test
    void afterAnAdminsTsconTheOwnersAgentIsOutOfReach() throws Exception {
        env.start();
        try (TestAgent owners = TestAgent.start(tmp); TestAgent admins = TestAgent.start(tmp);
                TestUser admin = TestUser.create(tmp, "termhost-admins");
                Terminal owner = logon(owners, "t1")) {
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            assertThat(owner.run("ssh-add -l")).contains(owners.keyComment());
            owner.run("echo SCREEN-OF-THE-OWNER");

            try (Terminal t = Terminal.open(tmp.resolve("ta"),
                    admins.forwarding(new SshClient(env.host(), admin), List.of("-tt"), null), 120, 40)) {
                t.awaitScreen("$ ", Duration.ofSeconds(60));
                t.typeLine("tscon " + id);
                t.awaitScreen("SCREEN-OF-THE-OWNER");
                assertThat(t.run("id -un")).isEqualTo(env.alice().name());

                String listed = t.run("ssh-add -l; echo exit=$?");
                assertThat(listed).doesNotContain(owners.keyComment()).doesNotContain(admins.keyComment())
                        .doesNotContain("exit=0");
                awaitAudited("denied", "termhost", "no connection of " + env.alice().name()
                        + " that forwards an agent is attached");
            }
        }
    }

    /** A guard: the setting was honoured before agent forwarding worked, and must stay so. */
    @Test
    void redirectAgentOffRefusesWithAnAuditRow() throws Exception {
        env.start("redirect.agent=false");
        try (TestAgent agent = TestAgent.start(tmp)) {
            Shell.Result r = exec(agent.forwarding(env.ssh(), List.of(), "ssh-add -l"));

            assertThat(r.out() + r.err()).contains(NO_AGENT);
            awaitAudited("denied", env.alice().name(), "agent forwarding (-A) refused: redirect.agent=off");
        }
    }

    @Test
    void aKeyWithNoAgentForwardingRefusesWithAnAuditRow() throws Exception {
        env.start();
        try (TestAgent agent = TestAgent.start(tmp)) {
            assertThat(exec(agent.forwarding(env.ssh(), List.of(), "ssh-add -l")).out()).as("the key as it was")
                    .contains(agent.keyComment());
            String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
            Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"), "no-agent-forwarding " + key + "\n",
                    StandardCharsets.UTF_8);

            Shell.Result r = exec(agent.forwarding(env.ssh(), List.of(), "ssh-add -l"));

            assertThat(r.out() + r.err()).contains(NO_AGENT).doesNotContain(agent.keyComment());
            awaitAudited("denied", env.alice().name(),
                    "agent forwarding (-A) refused: the key does not permit agent forwarding");
        }
    }

    /** Alice's interactive logon ({@code ssh -tt -A}) forwarding {@code agent}, at the prompt. */
    private Terminal logon(TestAgent agent, String dir) throws Exception {
        return open(new ArrayList<>(agent.forwarding(env.ssh(), List.of("-tt"), null)), dir);
    }

    /** The interactive logon {@code cmd}, at the prompt. */
    private Terminal open(List<String> cmd, String dir) throws Exception {
        Terminal t = Terminal.open(tmp.resolve(dir), cmd, 120, 40);
        try {
            t.awaitScreen("$ ", Duration.ofSeconds(60));
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    private static Shell.Result exec(List<String> cmd) {
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(120));
    }

    private void awaitAudited(String outcome, String actor, String detail) {
        // each look runs the termhost command, a JVM: not too often
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(AuditRows.read(env.host())).filteredOn(r -> r.type().equals("redirect.agent")
                        && r.outcome().equals(outcome) && r.actor().equals(actor))
                        .extracting(AuditRows.Row::detail).anySatisfy(d -> assertThat(d).contains(detail)));
    }
}
