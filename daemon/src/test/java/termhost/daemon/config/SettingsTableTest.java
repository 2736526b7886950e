package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is written for people, but from {@link SettingKeys}: a key, default
 * or meaning changed in one place and not the other fails here, and the failure shows the table as
 * it should read, ready to paste.
 */
class SettingsTableTest {
    private static final Path README = Path.of("../README.md"); // the daemon module is the working directory
    private static final String HEADING = "### Settings";

    @Test
    void theReadmeListsEveryDeclaredSettingWithItsDefaultAndMeaning() throws IOException {
        String expected = String.join("\n", table());
        assertThat(String.join("\n", tableIn(Files.readAllLines(README, StandardCharsets.UTF_8))))
                .as("the table under '%s' in %s; it should read:%n%s%n", HEADING, README.toAbsolutePath().normalize(),
                        expected)
                .isEqualTo(expected);
    }

    static List<String> table() {
        List<String> rows = new ArrayList<>(List.of("| key | default | meaning |", "|---|---|---|"));
        for (Setting<?> s : SettingKeys.ALL) {
            String def = s.defaultText().isEmpty() ? "empty" : "`" + s.defaultText() + "`";
            rows.add("| `" + s.key() + "` | " + def + " | " + s.help() + " |");
        }
        return rows;
    }

    /** The first run of table lines after the heading. */
    private static List<String> tableIn(List<String> readme) {
        int at = readme.indexOf(HEADING);
        assertThat(at).as("%s has a line '%s'", README, HEADING).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : readme.subList(at + 1, readme.size())) {
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        return rows;
    }
}
