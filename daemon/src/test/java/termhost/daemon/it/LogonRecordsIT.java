package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7: {@code who}, {@code w} and {@code last} show termhost's logons as they show
 * sshd's: an entry per attached connection, on the terminal of its tmux client, from the client's
 * address, gone from {@code who} when the connection ends, with its logon and logout in
 * {@code last}; a reconnect is a logon of its own; {@code ssh -t} commands too. Logons left open
 * by a daemon that died are closed when it starts again.
 */
@ExtendWith(RootRequired.class)
class LogonRecordsIT {
    private static final Pattern PTS = Pattern.compile("\\b(pts/\\d+)\\b");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    private static String ptsIn(String line) {
        Matcher m = PTS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    /** The line of {@code user} in {@code who} once there is exactly one. */
    private String awaitOneWhoLine(TestUser user) {
        String[] line = new String[1];
        await().atMost(WAIT).until(() -> {
            List<String> lines = HostRecords.linesOf(HostRecords.who(env.host()), user);
            line[0] = lines.size() == 1 ? lines.get(0) : null;
            return line[0] != null;
        });
        return line[0];
    }

    /** The lines of {@code user} in {@code last}, once none says the logon lasts ("still ..."): all logged out. */
    private List<String> awaitAllLoggedOut(TestUser user, int logons) {
        @SuppressWarnings("unchecked")
        List<String>[] lines = new List[1];
        await().atMost(WAIT).until(() -> {
            lines[0] = HostRecords.linesOf(HostRecords.last(env.host()), user);
            return lines[0].size() == logons && lines[0].stream().noneMatch(l -> l.contains("still"));
        });
        return lines[0];
    }

    @Test
    void aConnectionIsLoggedOnWhileItLastsAndEachReconnectIsALogonOfItsOwn() throws Exception {
        TestUser alice = env.alice();
        int id;
        String pts;
        try (LiveSession s = LiveSession.logon(env.host(), alice, tmp.resolve("t1"))) {
            id = s.id();
            String who = awaitOneWhoLine(alice);
            assertThat(who).contains("(127.0.0.1)");
            pts = ptsIn(who);
            // the terminal named is the connection's: its tmux client's, as the user
            assertThat(Shell.run(List.of("ps", "-t", pts, "-o", "user:32=,args=")).out())
                    .contains(alice.name()).contains("attach-session");
            assertThat(HostRecords.linesOf(HostRecords.w(env.host()), alice)).singleElement().satisfies(l ->
                    assertThat(l).contains(pts).contains("127.0.0.1"));
            assertThat(HostRecords.linesOf(HostRecords.last(env.host()), alice)).singleElement().satisfies(l ->
                    assertThat(l).contains(pts).contains("127.0.0.1").contains("still logged in"));
        }
        SessionList.awaitState(env.host(), id, "Disc");
        await().atMost(WAIT).until(() -> HostRecords.linesOf(HostRecords.who(env.host()), alice).isEmpty());
        assertThat(HostRecords.linesOf(HostRecords.whoInFile(env.host()), alice)).as("its entry is closed").isEmpty();
        assertThat(awaitAllLoggedOut(alice, 1)).singleElement().satisfies(l ->
                assertThat(l).contains(pts).matches(".* - \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} .*"));

        try (Terminal back = env.ssh().interactive(tmp.resolve("t2"), 120, 40)) {
            SessionList.awaitState(env.host(), id, "Active");
            assertThat(awaitOneWhoLine(alice)).contains("(127.0.0.1)");
        }
        await().atMost(WAIT).until(() -> HostRecords.linesOf(HostRecords.who(env.host()), alice).isEmpty());
        awaitAllLoggedOut(alice, 2);
    }

    @Test
    void aCommandOnATerminalIsLoggedOnUntilItEnds() throws Exception {
        TestUser alice = env.alice();
        try (Terminal t = env.ssh().commandInTerminal(tmp.resolve("t1"), 100, 30, "echo started; sleep 600")) {
            t.awaitScreen("started");
            String who = awaitOneWhoLine(alice);
            // the command's own terminal
            assertThat(Shell.run(List.of("ps", "-t", ptsIn(who), "-o", "args=")).out()).contains("sleep 600");
        }
        await().atMost(WAIT).until(() -> HostRecords.linesOf(HostRecords.who(env.host()), alice).isEmpty());
        awaitAllLoggedOut(alice, 1);
        // without a terminal, no logon is recorded, as with sshd
        assertThat(env.ssh().exec("true").exit()).isZero();
        assertThat(HostRecords.linesOf(HostRecords.last(env.host()), alice)).hasSize(1);
    }

    @Test
    void logonsLeftOpenByADaemonThatDiedAreClosedAtItsNextStart() throws Exception {
        TestUser alice = env.alice();
        try (LiveSession s = LiveSession.logon(env.host(), alice, tmp.resolve("t1"))) {
            awaitOneWhoLine(alice);
            env.host().kill9();
        }
        // its entry is left as it was, open
        assertThat(HostRecords.linesOf(HostRecords.whoInFile(env.host()), alice)).hasSize(1);

        env.host().restart();

        assertThat(HostRecords.linesOf(HostRecords.whoInFile(env.host()), alice)).isEmpty();
        awaitAllLoggedOut(alice, 1);
    }
}
