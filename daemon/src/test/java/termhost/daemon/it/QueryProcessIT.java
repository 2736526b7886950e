package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, query process / qprocess: the caller's own processes marked {@code >}, {@code *} shows
 * others' only with Query Information, {@code /id:N}, the Windows columns and /format:json.
 */
@ExtendWith(RootRequired.class)
class QueryProcessIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    /**
     * One row, cut at the Windows positions: marker 0, user 1-20, session 21-36, ID right-aligned to
     * 40; then PID and image (a PID wider than 5 digits pushes the image right, as on Windows).
     */
    record Row(boolean current, String user, String session, int id, long pid, String image) {
        static Row parse(String l) {
            String[] rest = l.substring(41).strip().split(" +", 2);
            return new Row(l.charAt(0) == '>', l.substring(1, 21).strip(), l.substring(21, 37).strip(),
                    Integer.parseInt(l.substring(37, 41).strip()), Long.parseLong(rest[0]),
                    rest.length > 1 ? rest[1] : "");
        }
    }

    @Test
    void withoutAFilterTheCallersOwnProcessesMarkedAsTheCurrentSession() throws Exception {
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"));
                LiveSession b = LiveSession.logon(env.host(), env.bob(), tmp.resolve("tb"))) {
            long shell = Long.parseLong(a.terminal().run("echo $$"));
            String out = a.terminal().run("qprocess");
            List<String> lines = out.lines().toList();
            assertThat(lines.get(0)).startsWith(" USERNAME").contains("SESSIONNAME").contains("PID")
                    .contains("IMAGE");
            assertThat(lines.get(0).indexOf("SESSIONNAME")).isEqualTo(21);
            List<Row> rows = lines.stream().skip(1).map(Row::parse).toList();
            assertThat(rows).isNotEmpty().allSatisfy(r -> {
                assertThat(r.current()).isTrue();
                assertThat(r.user()).isEqualTo(env.alice().name());
                assertThat(r.id()).isEqualTo(a.id());
                assertThat(r.session()).isEqualTo(a.name(env.host()));
            });
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.pid()).isEqualTo(shell);
                assertThat(r.image()).isEqualTo("bash");
            });
        }
    }

    @Test
    void starListsOthersOnlyWithQueryInformationAndSlashIdPicksOneSession() throws Exception {
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"));
                LiveSession b = LiveSession.logon(env.host(), env.bob(), tmp.resolve("tb"))) {
            long bobShell = Long.parseLong(b.terminal().run("echo $$"));
            long aliceShell = Long.parseLong(a.terminal().run("echo $$"));

            List<Row> all = parse(a.terminal().run("qprocess *"));
            assertThat(all).anySatisfy(r -> {
                assertThat(r.pid()).isEqualTo(bobShell);
                assertThat(r.current()).isFalse();
                assertThat(r.user()).isEqualTo(env.bob().name());
            });
            assertThat(all).filteredOn(r -> r.pid() == aliceShell).singleElement()
                    .satisfies(r -> assertThat(r.current()).isTrue());

            env.host().command("rights", "/deny:" + env.alice().name(), "QueryInformation")
                    .requireSuccess("rights /deny");
            List<Row> own = parse(a.terminal().run("qprocess *"));
            assertThat(own).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo(env.alice().name()));
            assertThat(own).extracting(Row::pid).contains(aliceShell).doesNotContain(bobShell);

            List<Row> ofBob = parse(env.host().command("query", "process", "/id:" + b.id()).requireSuccess("qprocess /id").out());
            assertThat(ofBob).isNotEmpty().allSatisfy(r -> {
                assertThat(r.id()).isEqualTo(b.id());
                assertThat(r.current()).isFalse();
            });
            assertThat(ofBob).extracting(Row::pid).contains(bobShell).doesNotContain(aliceShell);
        }
    }

    @Test
    void jsonHasTheProcessFields() throws Exception {
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            long shell = Long.parseLong(a.terminal().run("echo $$"));
            Shell.Result r = env.host().command("qprocess", "*", "/format:json");
            assertThat(r.exit()).as(r.err()).isZero();
            List<Map<String, Object>> rows = JsonText.rows(r.out());
            assertThat(rows).anySatisfy(o -> {
                assertThat(o.get("ProcessId")).isEqualTo(shell);
                assertThat(o.get("ImageName")).isEqualTo("bash");
                assertThat(o.get("UserName")).isEqualTo(env.alice().name());
                assertThat(o.get("SessionId")).isEqualTo((long) a.id());
                assertThat(o.get("SessionName")).isEqualTo(a.name(env.host()));
            });
        }
    }

    private static List<Row> parse(String table) {
        return table.lines().skip(1).filter(l -> !l.isBlank()).map(Row::parse).toList();
    }
}
