package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3, item 5: help, messages and errors in Russian when LANG / LC_MESSAGES / LC_ALL say so. */
@ExtendWith(RootRequired.class)
class LogoffLanguageIT {
    private static final Map<String, String> RU = Map.of("LANG", "ru_RU.UTF-8");

    @TempDir
    Path tmp;

    @Test
    void accessDeniedIsRussian() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                TestUser bob = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            Shell.Result r = host.commandAs(bob, RU, "logoff", s.idText());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines()).contains("Ошибка [5]:Отказано в доступе.");
            assertThat(r.err()).doesNotContain("Error").doesNotContain("Access");
        }
    }

    @Test
    void theConsoleRefusalIsRussian() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"))) {
            Shell.Result r = host.command(RU, "logoff", "1");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines()).containsExactly("Не удалось выйти из сеанса с ИД 1 (сеанс console), код ошибки 5",
                    "Ошибка [5]:Отказано в доступе.");
        }
    }

    @Test
    void helpIsRussianAndSaysWhatThePageSays() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"))) {
            Shell.Result r = host.command(RU, "logoff", "/?");

            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("LOGOFF [имя_сеанса | ИД_сеанса] [/SERVER:имя_сервера] [/V]")
                    .contains("консол").contains("msg").contains("logoff 12")
                    .doesNotContain("Logs a user off");
        }
    }

    @Test
    void usageErrorsAreRussian() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"))) {
            Shell.Result r = host.command(RU, "logoff", "2", "/x");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("Недопустимые параметры: неизвестный ключ /x");
        }
    }

    /** LC_ALL beats LC_MESSAGES beats LANG, as in every POSIX program. */
    @Test
    void theLanguageVariablesHaveThePosixPrecedence() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"))) {
            assertThat(host.command(Map.of("LANG", "C.UTF-8", "LC_MESSAGES", "ru_RU.UTF-8"), "logoff", "1").err())
                    .contains("Ошибка [5]:Отказано в доступе.");
            assertThat(host.command(Map.of("LANG", "ru_RU.UTF-8", "LC_ALL", "C.UTF-8"), "logoff", "1").err())
                    .contains("Error [5]:Access is denied.");
            assertThat(host.command(Map.of("LANG", "ru_RU.UTF-8", "LC_MESSAGES", "en_US.UTF-8"), "logoff", "1").err())
                    .contains("Error [5]:Access is denied.");
        }
    }
}
