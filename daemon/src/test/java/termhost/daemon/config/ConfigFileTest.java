package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged termhost.conf and {@link SettingKeys} agree: each setting, its default and meaning, once. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void everyDeclaredSettingIsThereOnceCommentedWithItsDefaultUnderItsMeaning() {
        List<String> lines = ConfigFile.commentedDefaults().lines().toList();
        for (Setting<?> s : SettingKeys.ALL) {
            List<String> mentions = lines.stream().filter(l -> l.matches("#\\s*" + s.key().replace(".", "\\.")
                    + "\\s*[=:].*")).toList();
            assertThat(mentions).as(s.key()).containsExactly(("#" + s.key() + " = " + s.defaultText()).strip());
            int at = lines.indexOf(mentions.get(0));
            String firstWords = s.help().replace("`", "").substring(0, Math.min(30, s.help().replace("`", "").length()));
            int meaning = lines.subList(0, at).lastIndexOf("") + 1; // its paragraph, however long
            assertThat(String.join(" ", lines.subList(meaning, at))).as("the meaning above " + s.key())
                    .startsWith("# " + firstWords);
        }
        assertThat(lines).allSatisfy(l -> assertThat(l).satisfiesAnyOf(c -> assertThat(c).isEmpty(),
                c -> assertThat(c).startsWith("#")));
        // the words wrap; a setting's line is one line (a list of SSH algorithms may be long), as in sshd_config
        assertThat(lines).filteredOn(l -> !l.matches("#[a-z.-]+ = .*")).allSatisfy(l -> assertThat(l)
                .hasSizeLessThanOrEqualTo(100));
    }

    @Test
    void asShippedItSetsNothingAndWithEveryLineUncommentedItSetsEachDefault() throws IOException {
        Layout layout = Layout.under(dir);
        Settings none = SettingsLoader.load(layout, Map.of());
        Files.createDirectories(layout.configDir());

        Files.writeString(layout.configFile(), ConfigFile.commentedDefaults());
        Settings shipped = SettingsLoader.load(layout, Map.of());
        assertThat(shipped.sources()).allSatisfy((key, source) -> assertThat(source).as(key).isEqualTo("default"));

        Files.writeString(layout.configFile(), ConfigFile.commentedDefaults().replaceAll("(?m)^#(\\S+ =)", "$1"));
        Settings uncommented = SettingsLoader.load(layout, Map.of());
        for (Setting<?> s : SettingKeys.ALL) {
            assertThat(uncommented.sources().get(s.key())).as(s.key()).isEqualTo(layout.configFile().toString());
            assertThat(s.valueIn(uncommented)).as(s.key()).isEqualTo(s.valueIn(none));
        }
    }
}
