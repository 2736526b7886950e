package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, query user / quser: the Windows column layout, the {@code >} mark, the unknown-user
 * error, Russian, and idle time counting user input only (failure mode F9).
 */
@ExtendWith(RootRequired.class)
class QueryUserIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    @Test
    void theTableHasTheWindowsColumnsAndMarksTheCallersSession() throws Exception {
        int bobId;
        try (LiveSession b = LiveSession.logon(env.host(), env.bob(), tmp.resolve("tb"))) {
            bobId = b.id();
        }
        SessionList.awaitState(env.host(), bobId, "Disc");
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            String out = a.terminal().run("quser");
            List<String> lines = out.lines().toList();
            String header = lines.get(0);
            assertThat(header.indexOf("USERNAME")).isEqualTo(1);
            assertThat(header.indexOf("SESSIONNAME")).isEqualTo(23);
            assertThat(header.indexOf("ID") + 1).as("ID ends at 43").isEqualTo(43);
            assertThat(header.indexOf("STATE")).isEqualTo(46);
            assertThat(header.indexOf("IDLE TIME") + "IDLE TIME".length() - 1).as("IDLE TIME ends at 62").isEqualTo(62);
            assertThat(header.indexOf("LOGON TIME")).isEqualTo(65);

            String mine = lines.stream().filter(l -> l.contains(env.alice().name())).findFirst().orElseThrow();
            assertThat(mine.charAt(0)).isEqualTo('>');
            assertThat(mine.substring(1, 23).strip()).isEqualTo(env.alice().name());
            assertThat(mine.substring(23, 42).strip()).isEqualTo(a.name(env.host())).matches("ssh#\\d+");
            assertThat(mine.substring(23, 44).strip()).endsWith(" " + a.id());
            assertThat(mine.charAt(43)).isEqualTo(a.idText().charAt(a.idText().length() - 1));
            assertThat(mine.substring(46, 54).strip()).isEqualTo("Active");
            assertThat(mine.substring(54, 63)).as("idle under a minute is '.', ending at 62").endsWith(".");
            assertThat(mine.substring(65)).matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2} (AM|PM)");

            String his = lines.stream().filter(l -> l.contains(env.bob().name())).findFirst().orElseThrow();
            assertThat(his.charAt(0)).isEqualTo(' ');
            assertThat(his.substring(23, 42).strip()).as("a Disc session has no name").isEmpty();
            assertThat(his.substring(46, 54).strip()).isEqualTo("Disc");
            assertThat(his.charAt(43)).isEqualTo(Integer.toString(bobId).charAt(Integer.toString(bobId).length() - 1));

            // on the host nobody's session is the caller's
            assertThat(env.host().command("quser").requireSuccess("quser").out()).doesNotContain(">");
            assertThat(env.host().command("query", "user", env.alice().name()).requireSuccess("query user").out()
                    .lines().skip(1).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains(env.alice().name()));
        }
    }

    @Test
    void anUnknownUserIsNoUserExistsWithExit1() throws Exception {
        Shell.Result r = env.host().command("quser", "nosuchuser");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("No User exists for nosuchuser");
        assertThat(r.out()).isEmpty();

        Shell.Result ru = env.host().command(Map.of("LANG", "ru_RU.UTF-8"), "query", "user", "nosuchuser");
        assertThat(ru.exit()).isEqualTo(1);
        assertThat(ru.err()).contains("nosuchuser").doesNotContain("No User exists");
    }

    @Test
    void russianHeadersStatesAndTheRussianShortDate() throws Exception {
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            Shell.Result r = env.host().command(Map.of("LANG", "ru_RU.UTF-8"), "quser");
            assertThat(r.exit()).as(r.err()).isZero();
            String header = r.out().lines().findFirst().orElseThrow();
            assertThat(header).contains("ПОЛЬЗОВАТЕЛЬ").contains("ВРЕМЯ ВХОДА").doesNotContain("USERNAME");
            String row = r.out().lines().filter(l -> l.contains(env.alice().name())).findFirst().orElseThrow();
            assertThat(row).contains("Активный").containsPattern("\\d{2}\\.\\d{2}\\.\\d{4} \\d{1,2}:\\d{2}$");
        }
    }

    /** F9: output without input is idle; a keystroke is not. */
    @Test
    void idleTimeCountsInputOnlyNeverOutput() throws Exception {
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            Terminal term = a.terminal();
            term.typeLine("while true; do echo tick-$((n=n+1)); sleep 1; done");
            term.awaitScreen("tick-3");
            // the loop keeps printing; only the Enter above was input
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> idleTime(a.id()) >= 3000);
            String screen = term.screen();
            long idle = idleTime(a.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> !term.screen().equals(screen));
            assertThat(idleTime(a.id())).as("output went on, idle time kept growing").isGreaterThan(idle);

            term.type("x"); // read by nobody: the loop does not read its terminal
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> idleTime(a.id()) < 1000);
            String quser = env.host().command("quser", a.idText()).requireSuccess("quser").out();
            assertThat(quser.lines().skip(1).findFirst().orElseThrow().substring(54, 63).strip()).isEqualTo(".");
        }
    }

    private long idleTime(int id) {
        Shell.Result r = env.host().command("query", "user", Integer.toString(id), "/format:json").requireSuccess("quser json");
        Map<String, Object> row = JsonText.rows(r.out()).get(0);
        return (Long) row.get("IdleTime");
    }
}
