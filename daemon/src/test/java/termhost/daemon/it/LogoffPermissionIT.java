package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3, the page's permission remarks: one's own session always, another user's only with Full
 * Control (root, group termhost-admins), and never the console, services or listener rows.
 */
// its administrator is a member of termhost-admins
@ResourceLock(HostWithUsers.ADMIN_GROUP)
@ExtendWith(RootRequired.class)
class LogoffPermissionIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2, "logoff.grace-period=500ms");

    private LiveSession aliceSession;

    @BeforeEach
    void logon() throws Exception {
        aliceSession = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term-a"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (LiveSession s = aliceSession) {
            // the terminal first; env then closes the users and the daemon
        }
    }

    @Test
    void aUserLogsOffTheirOwnSessionByIdFromOutsideIt() {
        Shell.Result r = env.host().commandAs(env.alice(), Map.of(), "logoff", aliceSession.idText());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @Test
    void aUserLogsOffTheirOwnSessionWithThePlainSshClient() {
        Shell.Result r = new SshClient(env.host(), env.alice()).exec("logoff " + aliceSession.id());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @Test
    void anOrdinaryUserCannotLogOffAnotherUsersSession() throws Exception {
        Pids before = Pids.inCgroup(env.host().sessionCgroup(aliceSession.id()));

        Shell.Result local = env.host().commandAs(env.bob(), Map.of(), "logoff", aliceSession.idText());
        Shell.Result byName = env.host().commandAs(env.bob(), Map.of(), "logoff", aliceSession.name(env.host()));
        Shell.Result overSsh = new SshClient(env.host(), env.bob()).exec("logoff " + aliceSession.id());

        for (Shell.Result r : new Shell.Result[] {local, byName, overSsh}) {
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines()).contains("Error [5]:Access is denied.");
        }
        assertThat(before.alive()).as("every process of alice's session still runs").hasSize(before.size());
        assertThat(SessionList.of(env.host()).byId(aliceSession.id()))
                .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("Active"));
        aliceSession.terminal().typeLine("echo STILL-$((40+2))");
        aliceSession.terminal().awaitScreen("STILL-42");
        assertThat(AuditRows.of(env.host(), "access.denied", aliceSession.id()))
                .filteredOn(a -> a.actor().equals(env.bob().name()) && a.owner().equals(env.alice().name()))
                .hasSize(3).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("denied"));
        assertThat(AuditRows.of(env.host(), "session.logoff", aliceSession.id())).isEmpty();
    }

    @Test
    void aMemberOfTermhostAdminsLogsOffAnotherUsersSession() throws Exception {
        try (TestUser admin = TestUser.create(tmp, "termhost-admins")) {
            Shell.Result r = env.host().commandAs(admin, Map.of(), "logoff", aliceSession.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertGone(aliceSession.id());
            assertThat(AuditRows.of(env.host(), "session.logoff", aliceSession.id()))
                    .singleElement().satisfies(a -> assertThat(a.actor()).isEqualTo(admin.name()));
        }
    }

    @Test
    void rootLogsOffAnotherUsersSession() {
        Shell.Result r = env.host().command("logoff", aliceSession.idText());

        assertThat(r.exit()).as(r.err()).isZero();
        assertGone(aliceSession.id());
    }

    @ParameterizedTest(name = "logoff {0}")
    @CsvSource({"1,1,console", "console,1,console", "CONSOLE,1,console", "0,0,services", "services,0,services",
        "65536,65536,ssh"})
    void theConsoleServicesAndListenerAreNeverLoggedOffEvenByRoot(String target, int id, String name) {
        for (Shell.Result r : new Shell.Result[] {env.host().command("logoff", target),
            env.host().commandAs(env.bob(), Map.of(), "logoff", target)}) {
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines()).containsExactly(
                    "Could not logoff session ID " + id + " from session " + name + ", Error code 5",
                    "Error [5]:Access is denied.");
        }
        SessionList after = SessionList.of(env.host());
        assertThat(after.byId(id)).as(after.toString()).isPresent();
        assertThat(after.byId(aliceSession.id())).isPresent();
        assertThat(AuditRows.of(env.host(), "access.denied", id)).hasSize(2);
    }

    private void assertGone(int id) {
        assertThat(SessionList.of(env.host()).byId(id)).isEmpty();
        assertThat(Files.exists(env.host().sessionCgroup(id))).isFalse();
    }
}
