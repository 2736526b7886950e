package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, {@code /server:NAME[:PORT]}: two daemons on two ports stand for two servers. The command
 * runs on "here" as the user, and reaches "there" with the user's own ssh, keys and known_hosts.
 */
@Order(2) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class LogoffRemoteIT {
    @TempDir
    Path tmp;

    private TermhostProcess here;
    private TermhostProcess there;
    private TestUser alice;
    private TestUser bob;
    private LiveSession remote;

    @BeforeEach
    void twoServers() throws Exception {
        here = TermhostProcess.start(tmp.resolve("here"), "logoff.grace-period=500ms");
        there = TermhostProcess.start(tmp.resolve("there"), "logoff.grace-period=500ms");
        alice = TestUser.create(tmp);
        bob = TestUser.create(tmp);
        remote = LiveSession.logon(there, alice, tmp.resolve("term"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (TermhostProcess h = here; TermhostProcess t = there; TestUser a = alice; TestUser b = bob;
                LiveSession s = remote) {
            // each closed even when another fails
        }
    }

    @Test
    void aUserLogsOffTheirSessionOnAnotherServerById() throws Exception {
        ServerSwitch.prepare(there, alice);

        Shell.Result r = here.commandAs(alice, Map.of(), "logoff", remote.idText(), ServerSwitch.of(there), "/v");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Logging off session " + remote.id() + " (user " + alice.name() + ").")
                .contains("Session " + remote.id() + " logged off:");
        assertThat(SessionList.of(there).byId(remote.id())).isEmpty();
        assertThat(Files.exists(there.sessionCgroup(remote.id()))).isFalse();
        assertThat(AuditRows.of(there, "session.logoff", remote.id())).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo(alice.name());
            assertThat(a.source()).startsWith("ssh 127.0.0.1");
        });
        assertThat(AuditRows.read(here)).noneMatch(a -> a.type().equals("session.logoff"));
    }

    /** The page's third example, {@code logoff TERM04 /server:Server1}, with our session names. */
    @Test
    void pageExampleThreeByNameOnAnotherServer() throws Exception {
        ServerSwitch.prepare(there, alice);
        String name = remote.name(there);
        assertThat(name).startsWith("ssh#");

        Shell.Result r = here.commandAs(alice, Map.of(), "logoff", name, ServerSwitch.of(there));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(SessionList.of(there).byId(remote.id())).isEmpty();
    }

    @Test
    void anotherUsersSessionThereIsDeniedAsHere() throws Exception {
        ServerSwitch.prepare(there, bob);

        Shell.Result r = here.commandAs(bob, Map.of(), "logoff", remote.idText(), ServerSwitch.of(there));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).contains("Error [5]:Access is denied.");
        assertThat(SessionList.of(there).byId(remote.id())).isPresent();
        assertThat(AuditRows.of(there, "access.denied", remote.id()))
                .anySatisfy(a -> assertThat(a.actor()).isEqualTo(bob.name()));
    }

    @Test
    void anUnknownHostKeyIsRefusedWithAClearMessage() throws Exception {
        ServerSwitch.prepare(there, alice);
        Files.delete(alice.home().resolve(".ssh/known_hosts"));

        Shell.Result r = here.commandAs(alice, Map.of(), "logoff", remote.idText(), ServerSwitch.of(there));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("The host key of 127.0.0.1:" + there.port()
                + " is unknown or has changed; refusing to connect.");
        assertThat(SessionList.of(there).byId(remote.id())).isPresent();
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        ServerSwitch.prepare(there, alice);
        // known_hosts names the other daemon's key for this one's address: a changed key
        String otherKey = Shell.run(java.util.List.of("ssh-keyscan", "-p", Integer.toString(here.port()), "-t",
                "ed25519", "127.0.0.1")).out().replace(":" + here.port() + "]", ":" + there.port() + "]");
        Files.writeString(alice.home().resolve(".ssh/known_hosts"), otherKey);

        Shell.Result r = here.commandAs(alice, Map.of(), "logoff", remote.idText(), ServerSwitch.of(there));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("is unknown or has changed; refusing to connect.");
        assertThat(SessionList.of(there).byId(remote.id())).isPresent();
    }

    @Test
    void anUnreachableServerIsError1722() throws Exception {
        ServerSwitch.prepare(there, alice);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        Shell.Result r = here.commandAs(alice, Map.of(), "logoff", remote.idText(), "/SERVER:127.0.0.1:" + closed);

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).contains("Error [1722]:The RPC server is unavailable.");
        assertThat(SessionList.of(there).byId(remote.id())).isPresent();
    }

    /** {@code ssh -p PORT host logoff N}: the plain OpenSSH client, no termhost on the caller's side. */
    @Test
    void thePlainSshClientLogsOffOnTheOtherServer() {
        Shell.Result r = new SshClient(there, alice).exec("logoff " + remote.id() + " /V");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Logging off session " + remote.id());
        assertThat(SessionList.of(there).byId(remote.id())).isEmpty();
    }
}
