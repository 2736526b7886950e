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
 * Issue 5, change logon: /drain refuses new logons and lets users reconnect, /disable refuses both,
 * /enable restores; the mode outlives a daemon restart except /drainuntilrestart; administrators
 * only.
 */
@ExtendWith(RootRequired.class)
class ChangeLogonIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    @Test
    void drainRefusesNewLogonsAllowsReconnectsDisableRefusesBothEnableRestores() throws Exception {
        assertThat(env.host().command("change", "logon", "/query").requireSuccess("query").out().strip())
                .isEqualTo("New user logons are ENABLED.");
        int id = discSessionOf(env.alice(), "written-before-the-drain");

        assertThat(env.host().command("change", "logon", "/drain").requireSuccess("drain").out().strip())
                .isEqualTo("New user logons are DISABLED; reconnections to existing sessions are ENABLED.");
        Shell.Result refused = new SshClient(env.host(), env.bob()).exec("echo should-not-run");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out()).doesNotContain("should-not-run");
        assertThat(refused.err()).contains("drain");
        assertThat(SessionList.of(env.host()).ofUser(env.bob().name())).isEmpty();

        try (Terminal back = new SshClient(env.host(), env.alice()).interactive(tmp.resolve("t2"), 120, 40)) {
            back.awaitScreen("written-before-the-drain");
            assertThat(back.run("echo reconnected")).isEqualTo("reconnected");
        }
        SessionList.awaitState(env.host(), id, "Disc");

        env.host().command("chglogon", "/disable").requireSuccess("disable");
        try (Terminal again = new SshClient(env.host(), env.alice()).interactive(tmp.resolve("t3"), 120, 40)) {
            again.awaitScreen("disabled");
            await().atMost(Duration.ofSeconds(20)).until(again::clientExited);
        }
        assertThat(new SshClient(env.host(), env.bob()).exec("echo should-not-run").exit()).isNotZero();
        assertThat(SessionList.of(env.host()).byId(id).orElseThrow().state()).isEqualTo("Disc");
        assertThat(AuditTrail.read(env.host().database())).filteredOn(r -> r.type().equals("session.logon-refused")).hasSizeGreaterThanOrEqualTo(3);

        env.host().command("change", "logon", "/enable").requireSuccess("enable");
        Shell.Result ok = new SshClient(env.host(), env.bob()).exec("echo bob-is-in");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("bob-is-in");
    }

    @Test
    void theModeSurvivesARestartExceptDrainUntilRestart() throws Exception {
        env.host().command("change", "logon", "/drain").requireSuccess("drain");
        env.host().stop();
        env.host().restart();
        assertThat(env.host().command("change", "logon", "/query").requireSuccess("query").out())
                .contains("reconnections to existing sessions are ENABLED");
        assertThat(new SshClient(env.host(), env.bob()).exec("echo x").exit()).isNotZero();

        env.host().command("change", "logon", "/drainuntilrestart").requireSuccess("drainuntilrestart");
        assertThat(env.host().command("change", "logon", "/query").out())
                .contains("until the termhost service restarts");
        assertThat(new SshClient(env.host(), env.bob()).exec("echo x").exit()).isNotZero();
        env.host().stop();
        env.host().restart();
        assertThat(env.host().command("change", "logon", "/query").out().strip())
                .isEqualTo("New user logons are ENABLED.");
        assertThat(new SshClient(env.host(), env.bob()).exec("echo bob-is-in").out()).contains("bob-is-in");
    }

    @Test
    void onlyAdministratorsMayAskOrChange() throws Exception {
        for (String sw : new String[] {"/query", "/drain"}) {
            Shell.Result r = env.host().commandAs(env.bob(), Map.of(), "change", "logon", sw);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines()).contains("Error [5]:Access is denied.");
        }
        assertThat(env.host().command("change", "logon", "/query").out().strip())
                .isEqualTo("New user logons are ENABLED.");
        Shell.Result ru = env.host().command(Map.of("LANG", "ru_RU.UTF-8"), "change", "logon", "/query");
        assertThat(ru.out().strip()).isEqualTo("Вход новых пользователей РАЗРЕШЁН.");
        Shell.Result ruDenied = env.host().commandAs(env.bob(), Map.of("LANG", "ru_RU.UTF-8"), "change", "logon",
                "/disable");
        assertThat(ruDenied.err()).contains("Ошибка [5]:Отказано в доступе.");
    }

    private int discSessionOf(TestUser user, String text) throws Exception {
        int id;
        try (LiveSession s = LiveSession.logon(env.host(), user, tmp.resolve("t1"))) {
            s.terminal().run("echo " + text);
            id = s.id();
        }
        SessionList.awaitState(env.host(), id, "Disc");
        return id;
    }

}
