package termhost.daemon.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code termhost.conf} a package installs: every setting of {@link SettingKeys}, in its order,
 * as a commented line holding its default under its meaning, so the file documents itself and a
 * line uncommented as it stands changes nothing. Made from the table at build time
 * ({@code scripts/build-deb}), never written by hand.
 */
public final class ConfigFile {
    private static final int WIDTH = 100;

    private ConfigFile() {
    }

    public static String commentedDefaults() {
        List<String> lines = new ArrayList<>(List.of(
                "# termhost.conf: the settings of the termhost daemon, as Java properties (key = value).",
                "# Each setting is shown commented out with its default; uncomment a line to change it.",
                "# \"termhost serve --set KEY=VALUE\" overrides this file, and \"termhost config\" prints",
                "# every setting in force and where it came from. Restart the daemon to apply a change",
                "# (systemctl restart termhost): sessions keep running."));
        for (Setting<?> s : SettingKeys.ALL) {
            lines.add("");
            // the help is Markdown for the README's table; a config file shows its words plainly
            lines.addAll(wrapped("# ", s.help().replace("`", "")));
            lines.add(("#" + s.key() + " = " + s.defaultText()).strip());
        }
        return String.join("\n", lines) + "\n";
    }

    private static List<String> wrapped(String prefix, String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix);
        for (String word : text.split(" ")) {
            if (line.length() > prefix.length() && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(prefix);
            }
            line.append(line.length() > prefix.length() ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
