package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3, the page's permission remarks: one's own session always, another user's only with Full
 * Control (root, group termhost-admins), and never the console, services or listener rows.
 */
@ExtendWith(RootRequired.class)
class LogoffPermissionIT {
    @TempDir
    Path tmp;

    private TermhostProcess host;
    private TestUser alice;
    private TestUser bob;
    private LiveSession aliceSession;

    @BeforeEach
    void logon() throws Exception {
        host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
        alice = TestUser.create(tmp);
        bob = TestUser.create(tmp);
        aliceSession = LiveSession.logon(host, alice, tmp.resolve("term-a"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (TermhostProcess h = host; TestUser a = alice; TestUser b = bob; LiveSession s = aliceSession) {
            // each closed even when another fails
        }
    }

    @Test
    void aUserLogsOffTheirOwnSessionByIdFromOutsideIt() {
        Shell.Result r = host.commandAs(alice, Map.of(), "logoff", aliceSession.idText());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @Test
    void aUserLogsOffTheirOwnSessionWithThePlainSshClient() {
        Shell.Result r = new SshClient(host, alice).exec("logoff " + aliceSession.id());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @Test
    void anOrdinaryUserCannotLogOffAnotherUsersSession() throws Exception {
        Pids before = Pids.inCgroup(host.sessionCgroup(aliceSession.id()));

        Shell.Result local = host.commandAs(bob, Map.of(), "logoff", aliceSession.idText());
        Shell.Result byName = host.commandAs(bob, Map.of(), "logoff", aliceSession.name(host));
        Shell.Result overSsh = new SshClient(host, bob).exec("logoff " + aliceSession.id());

        for (Shell.Result r : new Shell.Result[] {local, byName, overSsh}) {
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines()).contains("Error [5]:Access is denied.");
        }
        assertThat(before.alive()).as("every process of alice's session still runs").hasSize(before.size());
        assertThat(SessionList.of(host).byId(aliceSession.id()))
                .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("Active"));
        aliceSession.terminal().typeLine("echo STILL-$((40+2))");
        aliceSession.terminal().awaitScreen("STILL-42");
        assertThat(AuditRows.of(host, "access.denied", aliceSession.id()))
                .filteredOn(a -> a.actor().equals(bob.name()) && a.owner().equals(alice.name()))
                .hasSize(3).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("denied"));
        assertThat(AuditRows.of(host, "session.logoff", aliceSession.id())).isEmpty();
    }

    @Test
    void aMemberOfTermhostAdminsLogsOffAnotherUsersSession() throws Exception {
        try (TestUser admin = TestUser.create(tmp, "termhost-admins")) {
            Shell.Result r = host.commandAs(admin, Map.of(), "logoff", aliceSession.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertGone(aliceSession.id());
            assertThat(AuditRows.of(host, "session.logoff", aliceSession.id()))
                    .singleElement().satisfies(a -> assertThat(a.actor()).isEqualTo(admin.name()));
        }
    }

    @Test
    void rootLogsOffAnotherUsersSession() {
        Shell.Result r = host.command("logoff", aliceSession.idText());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @ParameterizedTest(name = "logoff {0}")
    @CsvSource({"1,1,console", "console,1,console", "CONSOLE,1,console", "0,0,services", "services,0,services",
        "65536,65536,ssh"})
    void theConsoleServicesAndListenerAreNeverLoggedOffEvenByRoot(String target, int id, String name) {
        for (Shell.Result r : new Shell.Result[] {host.command("logoff", target),
            host.commandAs(bob, Map.of(), "logoff", target)}) {
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines()).containsExactly(
                    "Could not logoff session ID " + id + " from session " + name + ", Error code 5",
                    "Error [5]:Access is denied.");
        }
        SessionList after = SessionList.of(host);
        assertThat(after.byId(id)).as(after.toString()).isPresent();
        assertThat(after.byId(aliceSession.id())).isPresent();
        assertThat(AuditRows.of(host, "access.denied", id)).hasSize(2);
    }

    private void assertGone(int id) {
        assertThat(SessionList.of(host).byId(id)).isEmpty();
        assertThat(Files.exists(host.sessionCgroup(id))).isFalse();
    }
}
