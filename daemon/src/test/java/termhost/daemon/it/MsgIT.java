package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, msg: a popup over the user's real screen (the client's terminal captured while vi runs
 * in the session) that leaves the editor's screen as it was; /w; delivery at reconnect; stdin;
 * {@code *}; the Message right.
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class MsgIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void theMessageIsShownOverVimAndTheEditorsScreenIsIntactAfterEnter() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            Terminal term = s.terminal();
            term.run("for i in $(seq 1 30); do echo \"line-$i of the file\"; done > f.txt");
            term.typeLine("vi f.txt");
            term.awaitScreen("line-30 of the file");
            String before = awaitSteady(term);

            Shell.Result r = env.host().command("msg", env.alice().name(), "/time:30", "THE-SERVER-RESTARTS-AT-NOON");
            assertThat(r.exit()).as(r.err()).isZero();

            String during = term.awaitScreen("THE-SERVER-RESTARTS-AT-NOON");
            assertThat(during).contains("Message from root").contains("line-1 of the file")
                    .contains("line-30 of the file").isNotEqualTo(before);

            term.typeLine("");
            awaitScreenEquals(term, before);
            // the editor still has the keyboard: the popup took only its Enter
            term.type(":q!");
            term.typeLine("");
            assertThat(term.run("echo back-at-the-shell")).isEqualTo("back-at-the-shell");
        }
    }

    @Test
    void linksTheUserPlantedInTheSessionsDirectoryReachNoFileOfRoots() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = tmp.resolve("roots-file");
        Files.writeString(target, "root's own content\n");
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            Terminal term = s.terminal();
            // the session's directory is the user's (its tmux server's socket, -S, is there): every name a
            // message may use there, a link
            assertThat(term.run("d=$(dirname \"$(tr '\\0' '\\n' < /proc/$PPID/cmdline | grep '/tmux.sock$')\");"
                    + " for i in $(seq 1 50); do for x in txt sh result; do"
                    + " ln -sf " + target + " \"$d/msg-$i.$x\"; done; done; find \"$d\" -name 'msg-*' -type l | wc -l"))
                    .isEqualTo("150");

            Shell.Result r = env.host().command("msg", s.idText(), "/time:30", "FOR-ALICE-ONLY");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readString(target)).isEqualTo("root's own content\n");
            assertThat(Files.getAttribute(target, "unix:uid")).as("still root's").isEqualTo(0);
            // and the message is shown all the same: the links were the user's, removed as the user
            term.awaitScreen("FOR-ALICE-ONLY");
            term.typeLine("");

            // at logoff the directory goes, its content removed as its user, the links only
            Path dir = env.host().socket().resolveSibling("sessions").resolve(s.idText());
            assertThat(dir).isDirectory();
            assertThat(env.host().command("logoff", s.idText()).exit()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir));
            assertThat(Files.readString(target)).isEqualTo("root's own content\n");
        }
    }

    @Test
    void slashWSaysAcknowledgedAfterEnterAndTimedOutWithoutAKey() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            Terminal term = s.terminal();
            CompletableFuture<Shell.Result> acked = CompletableFuture.supplyAsync(
                    () -> env.host().command("msg", s.idText(), "/w", "/time:60", "PRESS-ENTER-PLEASE"));
            term.awaitScreen("PRESS-ENTER-PLEASE");
            assertThat(acked).as("/w waits for the user").isNotDone();
            term.typeLine("");
            Shell.Result r = acked.get(30, TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo("Session " + s.id() + " (" + env.alice().name()
                    + "): acknowledged by the user.");

            long t0 = System.nanoTime();
            Shell.Result timedOut = env.host().command("msg", env.alice().name(), "/w", "/time:2", "NOBODY-READS-THIS");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(timedOut.exit()).as(timedOut.err()).isZero();
            assertThat(timedOut.out().strip()).isEqualTo("Session " + s.id() + " (" + env.alice().name()
                    + "): the time ran out before the user acknowledged it.");
            assertThat(took).as("waited /time, not much more").isBetween(1500L, 15_000L);
            await().atMost(Duration.ofSeconds(10)).until(() -> !term.screen().contains("NOBODY-READS-THIS"));
        }
    }

    @Test
    void aDisconnectedSessionGetsTheMessageWhenItReconnectsInTimeAndNotAfter() throws Exception {
        SshClient ssh = new SshClient(env.host(), env.alice());
        int id;
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            id = s.id();
        }
        SessionList.awaitState(env.host(), id, "Disc");
        Shell.Result queued = env.host().command("msg", Integer.toString(id), "/v", "/time:120", "WHILE-YOU-WERE-AWAY");
        assertThat(queued.exit()).as(queued.err()).isZero();
        assertThat(queued.out()).contains("disconnected");

        try (Terminal back = ssh.interactive(tmp.resolve("term2"), 120, 40)) {
            back.awaitScreen("WHILE-YOU-WERE-AWAY");
            back.typeLine("");
            await().atMost(Duration.ofSeconds(10)).until(() -> !back.screen().contains("WHILE-YOU-WERE-AWAY"));
            back.run("echo still-here");
        }
        SessionList.awaitState(env.host(), id, "Disc");
        long sent = System.nanoTime();
        env.host().command("msg", Integer.toString(id), "/time:2", "TOO-LATE-FOR-YOU").requireSuccess("msg");
        // the message's time runs out while nobody is connected
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(3));

        try (Terminal late = ssh.interactive(tmp.resolve("term3"), 120, 40)) {
            late.awaitScreen("still-here");
            // a popup would take these keys; the shell answering proves none is open
            assertThat(late.run("echo no-popup-here")).isEqualTo("no-popup-here");
            assertThat(late.history()).doesNotContain("TOO-LATE-FOR-YOU");
        }
    }

    @Test
    void aLineWiderThanTheScreenIsWrappedInsideThePopupNotDropped() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            String wide = "WIDE-START-" + "x".repeat(150) + "-WIDE-END";
            env.host().command("msg", s.idText(), "/time:30", wide).requireSuccess("msg");
            String screen = s.terminal().awaitScreen("-WIDE-END");
            assertThat(screen).contains("WIDE-START-").contains("[Enter: close]");
        }
    }

    @Test
    void theTextCanComeFromStandardInput() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("term"))) {
            Shell.Result r = env.alice().runOnHost("printf 'FROM-STDIN-LINE-ONE\\nFROM-STDIN-LINE-TWO\\n' | "
                    + env.host().stateDir().resolve("run/bin/msg") + " " + env.alice().name() + " /time:30",
                    Map.of("TERMHOST_SOCKET", env.host().socket().toString(), "LANG", "C.UTF-8"));
            assertThat(r.exit()).as(r.err() + r.out()).isZero();
            String screen = s.terminal().awaitScreen("FROM-STDIN-LINE-TWO");
            assertThat(screen).contains("FROM-STDIN-LINE-ONE").contains("Message from " + env.alice().name());
        }
    }

    @Test
    void starReachesEverySession() throws Exception {
        try (TestUser bob = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"));
                LiveSession b = LiveSession.logon(env.host(), bob, tmp.resolve("tb"))) {
            Shell.Result r = env.host().command("msg", "*", "/time:30", "TO-EVERYONE");
            assertThat(r.exit()).as(r.err()).isZero();
            a.terminal().awaitScreen("TO-EVERYONE");
            b.terminal().awaitScreen("TO-EVERYONE");
        }
    }

    @Test
    void withoutTheMessageRightAnotherUsersSessionIsRefusedWithError5() throws Exception {
        try (TestUser bob = TestUser.create(tmp);
                LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            // User Access includes Message: allowed until denied
            Shell.Result allowed = env.host().commandAs(bob, Map.of(), "msg", a.idText(), "/time:30", "HELLO-FROM-BOB");
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            a.terminal().awaitScreen("HELLO-FROM-BOB");
            a.terminal().typeLine("");

            env.host().command("rights", "/deny:" + bob.name(), "Message").requireSuccess("rights /deny");
            Shell.Result denied = env.host().commandAs(bob, Map.of(), "msg", a.idText(), "SHOULD-NOT-ARRIVE");
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err().lines()).contains("Error [5]:Access is denied.");
            Shell.Result byName = env.host().commandAs(bob, Map.of(), "msg", env.alice().name(), "SHOULD-NOT-ARRIVE");
            assertThat(byName.exit()).isEqualTo(1);
            assertThat(byName.err().lines()).contains("Error [5]:Access is denied.");
            Shell.Result ru = env.host().commandAs(bob, Map.of("LANG", "ru_RU.UTF-8"), "msg", a.idText(), "НЕТ");
            assertThat(ru.err().lines()).contains("Ошибка [5]:Отказано в доступе.");

            assertThat(a.terminal().run("echo shell-answers")).isEqualTo("shell-answers");
            assertThat(a.terminal().history()).doesNotContain("SHOULD-NOT-ARRIVE");
            assertThat(AuditTrail.of(env.host().database(), "access.denied", env.alice().name()))
                    .anySatisfy(row -> assertThat(row.actor()).isEqualTo(bob.name()));
        }
    }

    /**
     * What the screen shows: cells a redraw fills with blanks and cells never written look the same,
     * so trailing blanks of a line do not count.
     */
    private static String visible(Terminal term) {
        return term.screen().lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The screen once it stopped changing (vi may still be drawing). */
    private static String awaitSteady(Terminal term) {
        String[] last = {visible(term)};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String now = visible(term);
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same;
        });
        return last[0];
    }

    private static void awaitScreenEquals(Terminal term, String expected) {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> visible(term).equals(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(visible(term)).as("the screen after the message closed").isEqualTo(expected);
        }
    }

}
