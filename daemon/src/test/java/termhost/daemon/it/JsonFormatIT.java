package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, scripting: {@code /format:json} on query session and query user parses as JSON and
 * carries the fields of Get-RDUserSession (host, session ID, user, state, create/disconnect time,
 * idle time, client address). query process is in {@link QueryProcessIT}.
 */
@ExtendWith(RootRequired.class)
class JsonFormatIT {
    private static final List<String> FIELDS = List.of("HostServer", "UnifiedSessionId", "SessionId", "UserName",
            "SessionState", "CreateTime", "DisconnectTime", "IdleTime", "ClientAddress");

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    @Test
    void querySessionAndQueryUserGiveTheGetRdUserSessionFields() throws Exception {
        int bobId;
        try (LiveSession b = LiveSession.logon(env.host(), env.bob(), tmp.resolve("tb"))) {
            bobId = b.id();
        }
        SessionList.awaitState(env.host(), bobId, "Disc");
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            for (List<String> cmd : List.of(List.of("query", "session", "/format:json"),
                    List.of("query", "user", "/FORMAT:JSON"), List.of("quser", "/format:json"))) {
                Shell.Result r = env.host().command(cmd.toArray(String[]::new));
                assertThat(r.exit()).as(cmd + ": " + r.err()).isZero();
                List<Map<String, Object>> rows = JsonText.rows(r.out());

                Map<String, Object> mine = byId(rows, a.id());
                assertThat(mine).as(cmd.toString()).containsKeys(FIELDS.toArray(String[]::new));
                assertThat(mine.get("UserName")).isEqualTo(env.alice().name());
                assertThat(mine.get("SessionState")).isEqualTo("STATE_ACTIVE");
                assertThat(mine.get("UnifiedSessionId")).isEqualTo((long) a.id());
                assertThat((String) mine.get("HostServer")).isNotBlank();
                assertThat((String) mine.get("ClientAddress")).startsWith("127.0.0.1");
                assertThat(mine.get("DisconnectTime")).isNull();
                assertThat((Long) mine.get("IdleTime")).isGreaterThanOrEqualTo(0L);
                Instant created = Instant.parse((String) mine.get("CreateTime"));
                assertThat(created).isBetween(Instant.now().minusSeconds(600), Instant.now());

                Map<String, Object> his = byId(rows, bobId);
                assertThat(his.get("SessionState")).isEqualTo("STATE_DISCONNECTED");
                assertThat(his.get("UserName")).isEqualTo(env.bob().name());
                assertThat(Instant.parse((String) his.get("DisconnectTime")))
                        .isAfterOrEqualTo(Instant.parse((String) his.get("CreateTime")));
            }
            // inside the session the caller's own row is the current one
            List<Map<String, Object>> inside = JsonText.rows(a.terminal().run("query session /format:json"));
            assertThat(byId(inside, a.id()).get("Current")).isEqualTo(true);
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        Shell.Result r = env.host().command("query", "session", "/format:xml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    private static Map<String, Object> byId(List<Map<String, Object>> rows, int id) {
        return rows.stream().filter(o -> Long.valueOf(id).equals(o.get("SessionId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id + " in " + rows));
    }
}
