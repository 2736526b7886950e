package termhost.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import termhost.api.MessageKey;

/** The language comes from LC_ALL, then LC_MESSAGES, then LANG, as gettext chooses it. */
class MessagesTest {
    @Test
    void lcAllWinsOverEverything() {
        Messages m = Messages.fromEnvironment(Map.of("LC_ALL", "ru_RU.UTF-8", "LC_MESSAGES", "en_US.UTF-8",
                "LANG", "en_US.UTF-8"));
        assertThat(m.isRussian()).isTrue();
        assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "C", "LANG", "ru_RU.UTF-8")).isRussian()).isFalse();
    }

    @Test
    void lcMessagesWinsOverLang() {
        assertThat(Messages.fromEnvironment(Map.of("LC_MESSAGES", "ru_RU.UTF-8", "LANG", "en_US.UTF-8"))
                .isRussian()).isTrue();
        assertThat(Messages.fromEnvironment(Map.of("LC_MESSAGES", "en_GB.UTF-8", "LANG", "ru_RU.UTF-8"))
                .isRussian()).isFalse();
    }

    @Test
    void langIsTheFallbackAndEmptyValuesAreSkipped() {
        assertThat(Messages.fromEnvironment(Map.of("LANG", "ru_RU.UTF-8")).isRussian()).isTrue();
        assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "", "LC_MESSAGES", "", "LANG", "ru_RU")).isRussian())
                .isTrue();
    }

    @Test
    void nothingSetOrCOrAnotherLanguageIsEnglish() {
        for (Map<String, String> env : new Map[] {Map.of(), Map.of("LANG", "C"), Map.of("LANG", "POSIX"),
                Map.of("LANG", "de_DE.UTF-8"), Map.of("LANG", "C.UTF-8")}) {
            Messages m = Messages.fromEnvironment(env);
            assertThat(m.isRussian()).as(env.toString()).isFalse();
            assertThat(m.get(MessageKey.STATE_DISCONNECTED)).as(env.toString()).isEqualTo("Disc");
        }
    }

    @Test
    void posixNamesWithCodesetAndModifierAreUnderstood() {
        assertThat(Messages.localeFromEnvironment(Map.of("LANG", "ru_RU.UTF-8@euro")).getLanguage()).isEqualTo("ru");
        assertThat(Messages.localeFromEnvironment(Map.of("LANG", "ru")).getLanguage()).isEqualTo("ru");
        assertThat(Messages.localeFromEnvironment(Map.of("LANG", "C.UTF-8"))).isEqualTo(Locale.ROOT);
    }

    @Test
    void russianWordsAreRussianAndArgumentsAreFilledIn() {
        Messages ru = Messages.fromEnvironment(Map.of("LANG", "ru_RU.UTF-8"));
        assertThat(ru.get(MessageKey.STATE_ACTIVE)).isEqualTo("Активный");
        assertThat(ru.get(MessageKey.QUERY_SESSION_NONE, "bob")).isEqualTo("Нет сеанса для bob");
        Messages en = Messages.fromEnvironment(Map.of("LANG", "en_US.UTF-8"));
        assertThat(en.get(MessageKey.QUERY_SESSION_NONE, "bob")).isEqualTo("No session exists for bob");
    }

    @Test
    void aMissingKeyShowsItselfInsteadOfFailing() {
        Messages en = Messages.forLocale(Locale.ENGLISH);
        assertThat(en.text("no.such.key", 3)).isEqualTo("no.such.key 3");
    }
}
