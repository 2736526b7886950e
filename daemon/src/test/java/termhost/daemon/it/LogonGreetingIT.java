package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7: a banner before authentication when one is configured, and the greeting of a
 * new session as Debian's sshd gives it: the message of the day (the files of {@code logon.motd},
 * here the test's own), then "Last login: ... from ...". Not at a reconnect (the session comes back
 * as it was left), never to a command, nothing with {@code ~/.hushlogin}.
 */
@ExtendWith(RootRequired.class)
class LogonGreetingIT {
    private static final String DYNAMIC = "Linux testhost 6.1.0 (the dynamic part)";
    private static final String STATIC = "Welcome to the test host: static part";
    private static final String LAST_LOGIN = "Last login: ";

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    private Path banner;

    @BeforeEach
    void files() throws Exception {
        Path dynamic = Files.writeString(tmp.resolve("motd.dynamic"), DYNAMIC + "\n");
        // without its final newline: the next line must not join it
        Path motd = Files.writeString(tmp.resolve("motd"), "\n" + STATIC);
        banner = tmp.resolve("issue.net");
        env.start("logon.motd=" + dynamic + ":" + tmp.resolve("no-such-file") + ":" + motd, "logon.banner=" + banner);
    }

    /** The screen of a fresh logon, its prompt up. */
    private String newSessionScreen(String name) throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve(name))) {
            String screen = s.terminal().screen();
            s.terminal().typeLine("exit"); // a logoff: the next logon makes a new session
            await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(env.host()).ofUser(env.alice().name())
                    .isEmpty());
            return screen;
        }
    }

    @Test
    void aNewSessionShowsTheMotdThenTheLastLogonUnlessTheUserHushesIt() throws Exception {
        String first = newSessionScreen("t1");
        assertThat(first).contains(DYNAMIC).contains(STATIC).doesNotContain(LAST_LOGIN);
        assertThat(first.indexOf(DYNAMIC)).isLessThan(first.indexOf(STATIC));
        assertThat(first.lines().filter(l -> l.equals(STATIC))).as("a line of its own:%n%s", first).hasSize(1);

        String second = newSessionScreen("t2");
        assertThat(second).contains(DYNAMIC).contains(STATIC);
        // sshd's form, ctime(3)'s time: "Last login: Tue Mar  5 10:12:34 2024 from 127.0.0.1"
        assertThat(second.lines().filter(l -> l.startsWith(LAST_LOGIN)).toList()).singleElement().satisfies(l ->
                assertThat(l).matches("Last login: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"
                        + " from 127\\.0\\.0\\.1"));
        assertThat(second.indexOf(STATIC)).isLessThan(second.indexOf(LAST_LOGIN));

        Shell.run(List.of("touch", env.alice().home().resolve(".hushlogin").toString())).requireSuccess("touch");
        String hushed = newSessionScreen("t3");
        assertThat(hushed).doesNotContain(DYNAMIC).doesNotContain(STATIC).doesNotContain(LAST_LOGIN);
    }

    @Test
    void aReconnectAndCommandsAreNotGreeted() throws Exception {
        int id;
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("t1"))) {
            id = s.id();
            assertThat(s.terminal().screen()).contains(STATIC);
            s.terminal().typeLine("clear");
            s.terminal().run("echo cleared");
        }
        SessionList.awaitState(env.host(), id, "Disc");
        try (Terminal back = env.ssh().interactive(tmp.resolve("t2"), 120, 40)) {
            back.awaitScreen("cleared");
            SessionList.awaitState(env.host(), id, "Active");
            assertThat(back.history()).doesNotContain(STATIC).doesNotContain(DYNAMIC).doesNotContain(LAST_LOGIN);
        }

        Shell.Result r = env.ssh().exec("echo out");
        assertThat(r.out()).isEqualTo("out\n");
        try (Terminal t = env.ssh().commandInTerminal(tmp.resolve("t3"), 100, 30, "echo command-ran; sleep 600")) {
            t.awaitScreen("command-ran");
            assertThat(t.history()).doesNotContain(STATIC).doesNotContain(LAST_LOGIN);
        }
    }

    /** What the client printed on stderr but its note on the (throw-away) known hosts. */
    private static String bannerOf(Shell.Result r) {
        return r.err().lines().filter(l -> !l.startsWith("Warning: Permanently added"))
                .map(l -> l + "\n").reduce("", String::concat);
    }

    @Test
    void theBannerIsTheFilesTextAsItIsAtEachConnection() throws Exception {
        Shell.Result none = env.ssh().execShowingBanners("true");
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(bannerOf(none)).as("no file, no banner").isEmpty();

        Files.writeString(banner, "Authorized use only.\nActivity is logged.\n");
        Shell.Result shown = env.ssh().execShowingBanners("echo in");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(bannerOf(shown)).isEqualTo("Authorized use only.\nActivity is logged.\n");
        assertThat(shown.out()).isEqualTo("in\n");

        Files.writeString(banner, "Changed.\n");
        assertThat(bannerOf(env.ssh().execShowingBanners("true"))).isEqualTo("Changed.\n");
    }
}
