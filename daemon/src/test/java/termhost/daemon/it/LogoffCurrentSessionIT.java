package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, the page's remark "with no session given, the caller's own session is logged off" and its
 * first example ({@code logoff}): the session is the one whose cgroup holds the caller, whatever
 * the caller's environment claims.
 */
@ExtendWith(RootRequired.class)
class LogoffCurrentSessionIT {
    @TempDir
    Path tmp;

    @Test
    void logoffTypedInASessionEndsThatSessionAndAForgedIdChangesNothing() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                TestUser bob = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(host, alice, tmp.resolve("term-a"));
                LiveSession b = LiveSession.logon(host, bob, tmp.resolve("term-b"))) {
            a.terminal().typeLine("TERMHOST_SESSION_ID=" + b.id() + " logoff");

            await().atMost(Duration.ofSeconds(30)).until(a.terminal()::clientExited);
            assertThat(a.terminal().screen()).contains("Session " + a.id() + " is being logged off: logged off by "
                    + alice.name());
            // the client is let go before the processes are ended: the session shows Down until then
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).byId(a.id()).isEmpty());
            assertThat(Files.exists(host.sessionCgroup(a.id()))).isFalse();
            assertThat(SessionList.of(host).byId(b.id()))
                    .hasValueSatisfying(r -> assertThat(r.user()).isEqualTo(bob.name()))
                    .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("Active"));
            b.terminal().typeLine("echo BOB-$((40+2))");
            b.terminal().awaitScreen("BOB-42");
            assertThat(AuditRows.of(host, "session.logoff", a.id())).singleElement()
                    .satisfies(r -> assertThat(r.actor()).isEqualTo(alice.name()));
            assertThat(AuditRows.of(host, "session.logoff", b.id())).isEmpty();
        }
    }

    @Test
    void aForgedIdOutsideAnySessionDoesNotMakeOneCurrent() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(host, alice, tmp.resolve("term-a"))) {
            Shell.Result byAlice = host.commandAs(alice, Map.of("TERMHOST_SESSION_ID", a.idText()), "logoff");
            Shell.Result byRoot = host.command(Map.of("TERMHOST_SESSION_ID", a.idText()), "logoff");

            for (Shell.Result r : new Shell.Result[] {byAlice, byRoot}) {
                assertThat(r.exit()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).contains("You are not in a session here: name the session to log off.");
            }
            assertThat(SessionList.of(host).byId(a.id())).isPresent();
        }
    }

    /**
     * {@code ssh host logoff} runs in the user's shell, as OpenSSH would run it (issue 11): the
     * shell's session is the exec session the request made, so that one ends, not the user's
     * interactive session.
     */
    @Test
    void logoffOverThePlainSshClientEndsItsOwnExecSession() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(host, alice, tmp.resolve("term-a"))) {
            Shell.Result r = new SshClient(host, alice).exec("logoff");

            assertThat(r.err()).doesNotContain("Error");
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).sessions().size() == 1);
            assertThat(SessionList.of(host).byId(a.id())).isPresent();
            assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name())).singleElement()
                    .satisfies(row -> {
                        assertThat(row.sessionId()).isNotEqualTo(a.id());
                        assertThat(row.actor()).isEqualTo(alice.name());
                    });
        }
    }

    /** A command run by {@code ssh host 'cmd'} is a session too: {@code logoff} in it ends that one. */
    @Test
    void logoffInAnExecSessionEndsTheExecSessionOnly() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(host, alice, tmp.resolve("term-a"))) {
            long start = System.nanoTime();
            Shell.Result r = new SshClient(host, alice).exec("TERMHOST_SESSION_ID=" + a.id() + " logoff; sleep 90");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the client ends with its session: " + r)
                    .isLessThan(Duration.ofSeconds(60));
            assertThat(r.out()).doesNotContain("Error");
            // the client has its exit status before the exec session's logoff ends: it shows Down until then
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).sessions().size() == 1);
            assertThat(SessionList.of(host).byId(a.id())).isPresent();
        }
    }
}
