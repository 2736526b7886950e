package termhost.man;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import termhost.daemon.config.Setting;
import termhost.daemon.config.SettingKeys;

/**
 * termhost.conf(5): every setting of {@link SettingKeys}, in its order, with its default and
 * meaning. The English meaning is the one declared there (the README's table shows the same);
 * the Russian one is in {@code settings_ru.properties} beside this class, which {@code
 * ConfPageTest} keeps to exactly the declared keys.
 */
final class ConfPage {
    static final String NAME = "termhost.conf";
    static final int SECTION = 5;
    private static final String RUSSIAN_MEANINGS = "/termhost/man/settings_ru.properties";

    private ConfPage() {
    }

    static String render(Words words, String version, String seeAlso) {
        var locale = words.locale();
        Roff r = new Roff("daemon/src/main/java/termhost/daemon/config/SettingKeys.java, its Russian meanings in"
                + " man/src/main/resources" + RUSSIAN_MEANINGS + " and man/src/main/resources/termhost/man/words*.properties",
                NAME.toUpperCase(java.util.Locale.ROOT), SECTION, version);
        r.section(words.get("heading.name"), locale).raw(Roff.escape(NAME) + " \\- " + Roff.escape(words.get("conf.summary")));
        r.section(words.get("heading.synopsis"), locale).verbatim(List.of("/etc/termhost/termhost.conf"));
        r.section(words.get("heading.description"), locale);
        for (String key : List.of("conf.format", "conf.where", "conf.order", "conf.values")) {
            r.paragraph(words.get(key).lines().toList());
        }
        r.section(words.get("conf.heading.settings"), locale);
        Properties meanings = russian(words) ? russianMeanings() : null;
        for (Setting<?> s : SettingKeys.ALL) {
            String meaning = meanings == null ? s.help() : meanings.getProperty(s.key());
            if (meaning == null) {
                throw new IllegalStateException(RUSSIAN_MEANINGS + " has no meaning for " + s.key());
            }
            r.tagged(s.key(), List.of());
            r.raw(marked(meaning));
            r.raw(".br");
            r.raw(Roff.escape(words.get("conf.default")) + " " + (s.defaultText().isEmpty()
                    ? Roff.escape(words.get("conf.default.empty")) : "\\fB" + breakable(s.defaultText()) + "\\fR"));
        }
        r.section(words.get("conf.heading.example"), locale).verbatim(words.get("conf.example").lines().toList());
        r.section(words.get("heading.see_also"), locale).raw(".BR " + seeAlso.replace("(", " ("));
        return r.toString();
    }

    private static boolean russian(Words words) {
        return words.locale().getLanguage().equals("ru");
    }

    /** A meaning as the README writes it: {@code `text`} is a value or name to type, shown in bold. */
    static String marked(String meaning) {
        StringBuilder sb = new StringBuilder();
        String[] pieces = meaning.split("`", -1);
        if (pieces.length % 2 == 0) {
            throw new IllegalArgumentException("unpaired ` in: " + meaning);
        }
        for (int i = 0; i < pieces.length; i++) {
            sb.append(i % 2 == 1 ? "\\fB" + Roff.escape(pieces[i]) + "\\fR" : Roff.escape(pieces[i]));
        }
        return sb.toString();
    }

    static Properties russianMeanings() {
        try (InputStream in = ConfPage.class.getResourceAsStream(RUSSIAN_MEANINGS)) {
            if (in == null) {
                throw new IllegalStateException(RUSSIAN_MEANINGS + " is missing");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A long list (the SSH algorithms) may break after each comma: {@code \:} is troff's break point. */
    private static String breakable(String value) {
        return Roff.escape(value).replace(",", ",\\:");
    }
}
