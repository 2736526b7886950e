package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import termhost.daemon.config.Setting;
import termhost.daemon.config.SettingKeys;

class ConfPageTest {
    @Test
    void everyDeclaredSettingHasARussianMeaningAndNoOtherKeyHasOne() {
        assertThat(ConfPage.russianMeanings().stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(SettingKeys.ALL.stream().map(Setting::key).toList());
    }

    /** The example file is one the daemon would start with. */
    @ParameterizedTest
    @MethodSource("termhost.man.ManPagesTest#languages")
    void theExampleFileNamesKnownSettingsWithValidValues(Locale locale) throws IOException {
        Properties example = new Properties();
        example.load(new StringReader(Words.of(locale).get("conf.example")));

        assertThat(example).isNotEmpty();
        for (String key : example.stringPropertyNames()) {
            Setting<?> s = SettingKeys.byKey(key).orElseThrow(() -> new AssertionError("unknown setting " + key));
            s.parse(example.getProperty(key).strip());
        }
    }

    /** Read as files: a bundle would hide a Russian word missing behind the English one. */
    @Test
    void bothLanguagesHaveTheSameWords() throws IOException {
        assertThat(words("words_ru.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(words("words.properties").stringPropertyNames());
    }

    private static Properties words(String file) throws IOException {
        Properties p = new Properties();
        try (var in = ConfPage.class.getResourceAsStream(file)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void aValueToTypeIsBold() {
        assertThat(ConfPage.marked("`0`: none; e.g. `-1`")).isEqualTo("\\fB0\\fR: none; e.g. \\fB\\-1\\fR");
    }
}
