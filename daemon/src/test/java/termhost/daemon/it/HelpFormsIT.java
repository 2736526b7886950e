package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 8: help as Linux users type it, through what they really run: the host's launcher
 * {@code ./termhost} (whose commands reach for a daemon that is not there, so any contact fails)
 * and the wrappers on a live session's PATH (whose daemon is real, and whose session must survive).
 */
@ExtendWith(RootRequired.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelpFormsIT {
    /** A line of the list of commands that no one types: the list, not the echo of the command. */
    private static final String SERVE_LINE = "Runs the termhost service";
    private static final String SERVE_SYNOPSIS = "termhost serve [--listen HOST:PORT] [--state-dir DIR] [--set KEY=VALUE]...";

    @TempDir
    static Path tmp;

    private HostLauncher launcher;
    private TermhostProcess host;
    private TestUser alice;
    private LiveSession session;

    @BeforeAll
    void setUp() throws Exception {
        launcher = HostLauncher.in(tmp.resolve("checkout"));
        host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
        alice = TestUser.create(tmp);
        session = LiveSession.logon(host, alice, tmp.resolve("term"));
    }

    @AfterAll
    void cleanUp() throws Exception {
        try (HostLauncher l = launcher; TermhostProcess h = host; TestUser u = alice; LiveSession s = session) {
            // closed in reverse order, each even when another fails
        }
    }

    @ParameterizedTest(name = "./termhost {0}")
    @ValueSource(strings = {"", "--help", "-h", "help"})
    void theLauncherListsEveryCommandServeIncluded(String line) {
        Shell.Result r = launcher.run(line.isEmpty() ? new String[0] : new String[] {line});

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(SERVE_LINE).contains("  logoff ").contains("  query session, qwinsta ")
                .contains("  rights ").contains("termhost --version");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest(name = "./termhost {0}")
    @ValueSource(strings = {"serve --help", "serve -h", "serve /?", "serve --listen 127.0.0.1:0 --help", "help serve"})
    void theLauncherShowsTheHelpOfServeAndStartsNoDaemon(String line) {
        Shell.Result r = launcher.run(line.split(" "));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).contains(SERVE_SYNOPSIS);
        assertThat(r.out()).contains("--state-dir DIR").contains("--set KEY=VALUE").contains("Shows this help.");
        assertThat(r.err()).isEmpty();
    }

    /** The other side of the test above: without a help switch, serve is still the daemon's. */
    @Test
    void serveWithoutHelpIsStillTheDaemons() {
        Shell.Result r = launcher.run("serve", "--no-such-option");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("termhost.daemon.Daemon");
    }

    @ParameterizedTest(name = "./termhost {0}")
    @CsvSource(delimiterString = " => ", value = {
        "logoff --help => LOGOFF [sessionname | sessionid] [/SERVER:servername] [/V]",
        "logoff 2 -h => LOGOFF [sessionname | sessionid] [/SERVER:servername] [/V]",
        "query session -h => QUERY SESSION [sessionname | username | sessionid]",
        "rights --help => TERMHOST RIGHTS /GRANT:who rights",
        "termhost rights -h => TERMHOST RIGHTS /GRANT:who rights",
        "help tscon => TSCON {sessionid | sessionname} [/DEST:sessionname] [/PASSWORD:pw | /PASSWORD:*] [/V]"})
    void theLauncherShowsEachCommandsHelpWithoutTheDaemon(String line, String synopsis) {
        Shell.Result r = launcher.run(line.split(" "));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(synopsis);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theLauncherPrintsTheVersionOfTheBuild() throws Exception {
        Shell.Result r = launcher.run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("termhost " + HostLauncher.projectVersion() + "\n");
    }

    @Test
    void theLauncherSpeaksRussianWhenAsked() {
        Shell.Result r = launcher.run(Map.of("LANG", "ru_RU.UTF-8"), "serve", "--help");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(SERVE_SYNOPSIS).contains("Выводит эту справку.");
    }

    /**
     * Typed in the session, through the wrappers on its PATH. Terminal.run returns only what the
     * line printed, between markers, so the echo of the typed line is never what matches.
     */
    @ParameterizedTest(name = "in a session: {0}")
    @CsvSource(delimiterString = " => ", value = {
        "termhost => " + SERVE_LINE,
        "termhost --help => " + SERVE_LINE,
        "termhost -h => " + SERVE_LINE,
        "termhost help => " + SERVE_LINE,
        "termhost serve --help => " + SERVE_SYNOPSIS,
        "termhost help logoff => LOGOFF [sessionname | sessionid] [/SERVER:servername] [/V]",
        "query session -h => QUERY SESSION [sessionname | username | sessionid]",
        "qwinsta --help => QUERY SESSION [sessionname | username | sessionid]",
        "msg --help => MSG {username | sessionname | sessionid | @filename | *} [/SERVER:servername]",
        "termhost rights --help => TERMHOST RIGHTS /GRANT:who rights"})
    void theSessionsCommandsShowTheirHelp(String line, String shown) {
        String out = session.terminal().run(line + "; echo \"exit=$?\"");

        assertThat(out).contains(shown);
        assertThat(out.lines()).endsWith("exit=0");
    }

    /** logoff --help took --help for a session name; neither form may touch the session it runs in. */
    @ParameterizedTest(name = "in a session: logoff {0}")
    @ValueSource(strings = {"--help", "-h", "%d -h", "--help %d /v"})
    void logoffsHelpLogsNothingOff(String args) {
        String out = session.terminal().run("logoff " + args.replace("%d", session.idText()) + "; echo \"exit=$?\"");

        assertThat(out.lines()).contains("LOGOFF [sessionname | sessionid] [/SERVER:servername] [/V]")
                .endsWith("exit=0");
        assertThat(SessionList.of(host).byId(session.id())).as("the session is untouched")
                .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("Active"));
        assertThat(AuditRows.of(host, "session.logoff", session.id())).isEmpty();
    }

    @Test
    void theSessionsTermhostPrintsTheVersionOfTheBuild() throws Exception {
        String out = session.terminal().run("termhost --version");

        assertThat(out.lines()).containsExactly("termhost " + HostLauncher.projectVersion());
    }
}
