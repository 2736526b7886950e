package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3, item 1: {@code logoff [<sessionname> | <sessionID>] [/server:<servername>] [/v]}, {@code /?};
 * every malformed line is a usage error naming the problem, exit 1, and touches no session.
 */
@ExtendWith(RootRequired.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogoffSyntaxIT {
    @TempDir
    static Path tmp;

    private TermhostProcess host;
    private TestUser alice;
    private LiveSession session;

    @BeforeAll
    void logon() throws Exception {
        host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
        alice = TestUser.create(tmp);
        session = LiveSession.logon(host, alice, tmp.resolve("term"));
    }

    @AfterAll
    void cleanUp() throws Exception {
        try (TermhostProcess h = host; TestUser u = alice; LiveSession s = session) {
            // closed in reverse order, each even when another fails
        }
    }

    @ParameterizedTest(name = "logoff {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2 3|too many arguments: 2 3",
        "ssh#1 ssh#2|too many arguments: ssh#1 ssh#2",
        "2 /x|unknown switch /x",
        "/vm 2|unknown switch /vm",
        "2 /server:|switch /server: needs a value",
        "2 /SERVER:|switch /SERVER: needs a value",
        "2 /v:yes|switch /v:yes takes no value",
        "99999999999|session ID out of range: 99999999999",
        "4294967298|session ID out of range: 4294967298",
        "-2|session ID out of range: -2"})
    void aMalformedLineIsAUsageErrorNamingTheProblem(String line, String problem) {
        String[] args = ("logoff " + line).split(" ");
        Shell.Result r = host.command(args);

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(problem).contains("logoff /?");
        assertThat(r.out()).isEmpty();
        assertThat(SessionList.of(host).byId(session.id())).as("the session is untouched")
                .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("Active"));
        assertThat(AuditRows.of(host, "session.logoff", session.id())).isEmpty();
    }

    /** {@code --help} and {@code -h} are {@code /?} too (issue 11, item 8), wherever they stand. */
    @ParameterizedTest
    @CsvSource({"/?", "/? 2", "2 /?", "--help", "-h", "--help 2", "2 -h", "2 /v --help"})
    void helpPrintsTheSyntaxAndExitsZero(String line) {
        Shell.Result r = host.command(("logoff " + line).split(" "));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("LOGOFF [sessionname | sessionid] [/SERVER:servername] [/V]")
                .contains("/V").contains("logoff 12").contains("console session cannot be logged off");
        assertThat(SessionList.of(host).byId(session.id())).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"/?", "--help", "-h"})
    void helpWithAServerIsShownHereNotSentThere(String help) {
        Shell.Result r = host.command("logoff", help, "/server:no-such-host.invalid");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("LOGOFF [sessionname | sessionid]");
    }

    @Test
    void anUnknownSessionIsNotFoundAndExitsOne() {
        Shell.Result byId = host.command("logoff", "4711");
        Shell.Result byName = host.command("logoff", "ssh#999");

        assertThat(byId.exit()).isEqualTo(1);
        assertThat(byId.err()).contains("Session 4711 not found.").contains("Error [7022]:");
        assertThat(byName.exit()).isEqualTo(1);
        assertThat(byName.err()).contains("No active session is named ssh#999.");
    }

    /** Switches are case-insensitive: {@code /V} is {@code /v}, and it prints every step. */
    @Test
    void upperCaseVerboseSwitchPrintsEachStep() throws Exception {
        try (TestUser bob = TestUser.create(tmp); LiveSession b = LiveSession.logon(host, bob, tmp.resolve("term-b"))) {
            Shell.Result r = host.command("logoff", b.idText(), "/V");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).containsSubsequence(
                    "Logging off session " + b.id() + " (user " + bob.name() + ").",
                    "Sent SIGHUP and SIGTERM to every process; waiting up to 500 ms for them to exit.",
                    "Every process has ended; the session's cgroup is removed.");
            assertThat(r.out()).containsPattern("The session has \\d+ process\\(es\\)\\.")
                    .containsPattern("Session " + b.id() + " logged off: \\d+ process\\(es\\) ended in \\d+ ms");
            assertThat(Files.exists(host.sessionCgroup(b.id()))).isFalse();
        }
    }

    @Test
    void withoutVerboseASuccessPrintsNothing() throws Exception {
        try (TestUser carol = TestUser.create(tmp);
                LiveSession c = LiveSession.logon(host, carol, tmp.resolve("term-c"))) {
            Shell.Result r = host.command("logoff", c.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEmpty();
            assertThat(SessionList.of(host).byId(c.id())).isEmpty();
        }
    }
}
