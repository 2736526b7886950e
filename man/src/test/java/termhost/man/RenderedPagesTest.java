package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static termhost.man.Rendered.normal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import termhost.cli.text.Messages;
import termhost.daemon.config.Setting;
import termhost.daemon.config.SettingKeys;

/**
 * The pages as {@code man} shows them (groff formats each, and any warning fails), section by
 * section, against the {@code /?} texts and the settings table they were made from.
 */
class RenderedPagesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void groffIsThere() {
        assumeTrue(Tool.installed("groff"), "groff is not installed (scripts/install-deps --test installs groff-base)");
    }

    static Stream<Arguments> everyCommandPage() {
        List<Arguments> all = new ArrayList<>();
        for (Locale locale : ManPages.LANGUAGES) {
            for (CommandPage p : ManPages.plan(Messages.forLocale(locale), Words.of(locale)).pages()) {
                all.add(Arguments.of(p.name() + "(" + p.section() + ")", locale, p));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCommandPage")
    void eachSectionSaysWhatTheHelpTextSays(String title, Locale locale, CommandPage page) throws Exception {
        Words words = Words.of(locale);
        String file = ManPages.pages(locale).get(ManPages.path(page.name(), page.section()));

        Rendered shown = Rendered.of(file, tmp);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(heading(words, "heading.name"), Stream.concat(Stream.of(page.name()), page.aliases().stream())
                .collect(Collectors.joining(", ")) + " - " + normal(page.summary()));
        expected.put(heading(words, "heading.synopsis"), normal(page.parts().stream()
                .map(p -> p.help().synopsis().text()).collect(Collectors.joining("\n"))));
        Map<String, String> subsections = new LinkedHashMap<>();
        if (page.parts().size() == 1) {
            HelpText h = page.parts().get(0).help();
            expected.put(heading(words, "heading.description"), normal(h.description().text() + "\n" + texts(h,
                    HelpText.Kind.PARAGRAPH)));
            if (!texts(h, HelpText.Kind.TABLE).isEmpty()) {
                expected.put(heading(words, "heading.options"), normal(texts(h, HelpText.Kind.TABLE)));
            }
            h.body().stream().filter(b -> b.kind() == HelpText.Kind.TITLED_TABLE).forEach(b -> expected.put(
                    b.heading().toUpperCase(locale), normal(b.text().substring(b.lines().get(0).length()))));
        } else {
            String description = heading(words, "heading.description");
            expected.put(description, "");
            for (CommandPage.Part p : page.parts()) {
                String body = normal(p.help().description().text() + "\n" + String.join("\n", p.help().body().stream()
                        .map(HelpText.Block::text).toList()));
                if (p.title() == null) {
                    expected.put(description, body);
                } else {
                    subsections.put(description + "/" + p.title(), body);
                }
            }
        }
        expected.put(heading(words, "heading.see_also"), seeAlso(page, locale));
        assertThat(shown.sections()).containsExactlyEntriesOf(expected);
        assertThat(shown.subsections()).containsExactlyEntriesOf(subsections);
    }

    @Test
    void logoffReadsInOrderAsItsHelp() throws Exception {
        // one page spelled out, so the section-by-section comparison is seen to hold real text
        Rendered shown = Rendered.of(ManPages.pages(Locale.ROOT).get("man1/logoff.1"), tmp);

        assertThat(shown.sections().keySet()).containsExactly("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXAMPLES",
                "SEE ALSO");
        assertThat(shown.sections().get("OPTIONS")).startsWith("sessionname Name of the session (it must be an"
                + " active session, e.g. ssh#4). sessionid ID of the session. /SERVER:servername The termhost server");
        assertThat(shown.sections().get("EXAMPLES")).isEqualTo("logoff log off the current session logoff 12 log off"
                + " session 12 logoff TERM04 /server:Server1 log off session TERM04 on Server1");
    }

    static Stream<Locale> languages() {
        return ManPages.LANGUAGES.stream();
    }

    @ParameterizedTest
    @MethodSource("languages")
    void theConfPageHasEverySettingWithItsDefaultAndMeaning(Locale locale) throws Exception {
        Words words = Words.of(locale);
        Properties russian = ConfPage.russianMeanings();

        Rendered shown = Rendered.of(ManPages.pages(locale).get("man5/termhost.conf.5"), tmp);

        List<String> settings = new ArrayList<>();
        for (Setting<?> s : SettingKeys.ALL) {
            String meaning = locale.getLanguage().equals("ru") ? russian.getProperty(s.key()) : s.help();
            settings.add(s.key() + " " + meaning.replace("`", "") + " " + words.get("conf.default") + " "
                    + (s.defaultText().isEmpty() ? words.get("conf.default.empty") : s.defaultText()));
        }
        assertThat(shown.sections().get(heading(words, "conf.heading.settings"))).isEqualTo(normal(String.join(" ",
                settings)));
        assertThat(shown.sections().get(heading(words, "heading.see_also"))).isEqualTo("termhost(8)");
        assertThat(shown.sections().get(heading(words, "conf.heading.example")))
                .isEqualTo(normal(words.get("conf.example")));
    }

    private static String heading(Words words, String key) {
        return words.get(key).toUpperCase(words.locale());
    }

    private static String texts(HelpText h, HelpText.Kind kind) {
        return String.join("\n", h.body().stream().filter(b -> b.kind() == kind).map(HelpText.Block::text).toList());
    }

    /** Every other page, as man shows references. */
    private static String seeAlso(CommandPage page, Locale locale) {
        List<String> refs = new ArrayList<>();
        for (CommandPage p : ManPages.plan(Messages.forLocale(locale), Words.of(locale)).pages()) {
            if (p != page && !p.name().equals(page.name())) {
                refs.add(p.name() + "(" + p.section() + ")");
            }
        }
        refs.add("termhost.conf(5)");
        return String.join(", ", refs);
    }

    /** As a reader gets them: man-db's own pipeline (soelim for the aliases, preconv for UTF-8), every warning on. */
    @Test
    void everyWrittenPageAndAliasFormatsWithoutAWarning() throws Exception {
        assumeTrue(Tool.installed("man"), "man is not installed (scripts/install-deps --test installs man-db)");
        Path man = tmp.resolve("man");

        List<Path> written = ManPages.write(man);

        assertThat(written.stream().filter(w -> w.startsWith(man.resolve("ru"))).map(w -> man.resolve("ru").relativize(w)))
                .as("the Russian tree has the English one's pages").containsExactlyInAnyOrderElementsOf(written.stream()
                        .filter(w -> !w.startsWith(man.resolve("ru"))).map(man::relativize).toList()).isNotEmpty();
        for (Path page : written) {
            // .so man1/query.1 is found from the top of the page's language tree, as man finds it there
            Path top = page.getParent().getParent();
            Tool.Result r = Tool.run(List.of("sh", "-c", "cd \"$1\" && man --warnings=w -l \"$2\" >/dev/null", "man",
                    top.toString(), top.relativize(page).toString()), Map.of("MANWIDTH", "80"));
            assertThat(r.err()).as(page.toString()).isEmpty();
            assertThat(r.exit()).as(page.toString()).isZero();
        }
    }
}
