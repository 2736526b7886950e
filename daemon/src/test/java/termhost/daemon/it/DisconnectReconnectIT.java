package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, tsdiscon and tscon: disconnecting keeps every process; another user's session needs
 * Disconnect; the console is refused; tscon moves the caller's connection to their other session
 * (its screen appears in the same terminal, the session left behind is Disc).
 */
@ExtendWith(RootRequired.class)
class DisconnectReconnectIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(2);

    private TermhostProcess host;
    private TestUser alice;
    private TestUser bob;

    private void start(String... settings) throws Exception {
        env.start(settings);
        host = env.host();
        alice = env.alice();
        bob = env.bob();
    }

    @Test
    void tsdisconMakesTheSessionDiscAndItsProcessesKeepRunning() throws Exception {
        start();
        SshClient ssh = new SshClient(host, alice);
        long shell;
        long sleeper;
        int id;
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t1"))) {
            id = s.id();
            shell = Long.parseLong(s.terminal().run("echo $$"));
            sleeper = Long.parseLong(lastLine(s.terminal().run("sleep 3600 & echo $!")));
            s.terminal().run("echo before-tsdiscon");

            Shell.Result r = host.command("tsdiscon", s.idText(), "/v");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("Session " + id + " disconnected");
            SessionList.awaitState(host, id, "Disc");
            s.terminal().awaitScreen("was disconnected by root");
            await().atMost(Duration.ofSeconds(20)).until(s.terminal()::clientExited);
        }
        assertThat(Procs.alive(shell)).as("the shell runs on").isTrue();
        assertThat(Procs.alive(sleeper)).as("its children run on").isTrue();
        assertThat(AuditTrail.of(host.database(), "session.disconnect", alice.name()))
                .anySatisfy(row -> assertThat(row.actor()).isEqualTo("root"));

        try (Terminal back = ssh.interactive(tmp.resolve("t2"), 120, 40)) {
            back.awaitScreen("before-tsdiscon");
            assertThat(Long.parseLong(back.run("echo $$"))).isEqualTo(shell);
            SessionList.awaitState(host, id, "Active");
            // tsdiscon with no argument: the caller's own session
            back.typeLine("tsdiscon");
            SessionList.awaitState(host, id, "Disc");
            await().atMost(Duration.ofSeconds(20)).until(back::clientExited);
        }
        assertThat(Procs.alive(shell)).isTrue();
    }

    @Test
    void anotherUsersSessionNeedsDisconnectAndTheConsoleIsRefused() throws Exception {
        start();
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t1"))) {
            Shell.Result denied = host.commandAs(bob, Map.of(), "tsdiscon", s.idText());
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err().lines()).contains("Error [5]:Access is denied.");
            assertThat(SessionList.of(host).byId(s.id()).orElseThrow().state()).isEqualTo("Active");

            host.command("rights", "/grant:" + bob.name(), "Disconnect").requireSuccess("rights /grant");
            Shell.Result allowed = host.commandAs(bob, Map.of(), "tsdiscon", s.idText());
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            SessionList.awaitState(host, s.id(), "Disc");
        }
        Shell.Result console = host.command("tsdiscon", "1");
        assertThat(console.exit()).isEqualTo(1);
        assertThat(console.err().lines()).containsExactly(
                "Could not disconnect session ID 1 from session console, Error code 5", "Error [5]:Access is denied.");
        Shell.Result ru = host.command(Map.of("LANG", "ru_RU.UTF-8"), "tsdiscon", "1");
        assertThat(ru.err()).contains("Ошибка [5]:Отказано в доступе.");
    }

    @Test
    void tsconMovesTheConnectionToTheUsersOtherSession() throws Exception {
        start("sessions.multiple-per-user=true");
        SshClient ssh = new SshClient(host, alice);
        long firstShell;
        int first;
        try (LiveSession one = LiveSession.logon(host, alice, tmp.resolve("t1"))) {
            first = one.id();
            firstShell = Long.parseLong(one.terminal().run("echo $$"));
            one.terminal().run("echo SCREEN-OF-THE-FIRST-SESSION");
            try (Terminal two = ssh.interactive(tmp.resolve("t2"), 120, 40)) {
                long secondShell = Long.parseLong(two.run("echo $$"));
                assertThat(secondShell).as("a second session").isNotEqualTo(firstShell);
                int second = SessionList.of(host).sessions().stream().filter(r -> r.id() != first)
                        .findFirst().orElseThrow().id();
                one.close(); // the first session is left disconnected
                SessionList.awaitState(host, first, "Disc");

                two.typeLine("tscon " + first);
                two.awaitScreen("SCREEN-OF-THE-FIRST-SESSION");
                assertThat(Long.parseLong(two.run("echo $$"))).as("the same terminal now shows the first session")
                        .isEqualTo(firstShell);
                SessionList.awaitState(host, first, "Active");
                SessionList.awaitState(host, second, "Disc");
                assertThat(two.clientExited()).isFalse();
                assertThat(Procs.alive(secondShell)).isTrue();
                assertThat(AuditTrail.of(host.database(), "session.disconnect", alice.name()))
                        .filteredOn(r -> Integer.valueOf(second).equals(r.sessionId())).singleElement()
                        .satisfies(r -> assertThat(r.actor()).as("tscon's, not the daemon's").isEqualTo(alice.name()));
                assertThat(AuditTrail.of(host.database(), "session.reconnect", alice.name()))
                        .anySatisfy(r -> assertThat(r.detail()).contains("tscon"));
            }
        }
    }

    @Test
    void tsconToAnotherUsersSessionIsRefusedWithoutItsOwnersPassword() throws Exception {
        start();
        bob.setPassword("Pw-of-bob-1");
        int bobId;
        try (LiveSession b = LiveSession.logon(host, bob, tmp.resolve("tb"))) {
            bobId = b.id();
        }
        SessionList.awaitState(host, bobId, "Disc");
        try (LiveSession a = LiveSession.logon(host, alice, tmp.resolve("ta"))) {
            String out = a.terminal().run("tscon " + bobId + "; echo exit=$?");
            assertThat(out).contains("Error [5]:Access is denied.").contains("exit=1");
            String pw = a.terminal().run("tscon " + bobId + " /password:Pw-of-bob-2; echo exit=$?");
            assertThat(pw).contains("Error [5]:Access is denied.").contains("exit=1");
            assertThat(AuditTrail.read(host.database())).filteredOn(r -> r.type().equals("access.denied"))
                    .anySatisfy(r -> assertThat(r.detail()).contains("not " + bob.name() + "'s password"));
            SessionList.awaitState(host, bobId, "Disc");
            assertThat(SessionList.of(host).byId(a.id()).orElseThrow().state()).isEqualTo("Active");
        }
    }

    /** Issue 13, item 3: as on Windows, the owner's password lets another user connect (Connect right). */
    @Test
    void tsconWithTheOwnersPasswordConnectsToTheirSession() throws Exception {
        start();
        bob.setPassword("Pw-of-bob-1");
        int bobId;
        try (LiveSession b = LiveSession.logon(host, bob, tmp.resolve("tb"))) {
            bobId = b.id();
            b.terminal().run("echo SCREEN-OF-BOBS-SESSION");
        }
        SessionList.awaitState(host, bobId, "Disc");
        try (LiveSession a = LiveSession.logon(host, alice, tmp.resolve("ta"))) {
            a.terminal().typeLine("tscon " + bobId + " /password:Pw-of-bob-1");
            a.terminal().awaitScreen("SCREEN-OF-BOBS-SESSION");
            assertThat(a.terminal().run("id -un")).as("alice's terminal now shows bob's session").isEqualTo(bob.name());
            SessionList.awaitState(host, bobId, "Active");
            SessionList.awaitState(host, a.id(), "Disc");
        }
    }

    /** The last line of a command's output (an interactive shell prints "[1] PID" for a background job first). */
    private static String lastLine(String out) {
        return out.lines().reduce((a, b) -> b).orElse("").strip();
    }
}
