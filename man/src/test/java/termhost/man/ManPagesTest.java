package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;

/** Which pages there are: every command of the table has one, in each language, by a name it is typed as. */
class ManPagesTest {
    static List<Locale> languages() {
        return ManPages.LANGUAGES;
    }

    @ParameterizedTest
    @MethodSource("languages")
    void everyCommandOfTheTableHasAPageThatHoldsItsHelp(Locale locale) {
        Map<String, String> files = ManPages.pages(locale);
        ManPages.Plan plan = ManPages.plan(Messages.forLocale(locale), Words.of(locale));

        for (Command c : Commands.all()) {
            String expectedPage;
            if (!c.onSessionPath()) {
                expectedPage = "man8/termhost.8";
            } else if (ManPages.TAKEN.contains(c.words().get(0))) {
                // reached by its other name: the page of the same help that has a file
                expectedPage = plan.pages().stream().filter(p -> holds(p, c)).map(p -> ManPages.path(p.name(), 1))
                        .findFirst().orElseThrow(() -> new AssertionError("no page holds " + c.displayName()));
                assertThat(files).doesNotContainKey("man1/" + c.words().get(0) + ".1");
            } else {
                expectedPage = followAlias(files, "man1/" + c.words().get(0) + ".1");
            }
            CommandPage page = plan.pages().stream().filter(p -> ManPages.path(p.name(), p.section()).equals(expectedPage))
                    .findFirst().orElseThrow(() -> new AssertionError(c.displayName() + ": no page " + expectedPage));
            assertThat(holds(page, c)).as("%s holds the help of %s", expectedPage, c.displayName()).isTrue();
            assertThat(files.get(expectedPage)).as(expectedPage).contains(c.helpKey().key());
        }
    }

    @ParameterizedTest
    @MethodSource("languages")
    void anAliasPageShowsAPageThatExists(Locale locale) {
        Map<String, String> files = ManPages.pages(locale);

        ManPages.Plan plan = ManPages.plan(Messages.forLocale(locale), Words.of(locale));
        assertThat(plan.pages()).filteredOn(p -> !p.aliases().isEmpty()).extracting(CommandPage::names)
                .containsExactly("query, qwinsta, quser, qprocess", "change, chglogon");
        assertThat(files).containsEntry("man1/qwinsta.1", ".so man1/query.1\n")
                .containsEntry("man1/chglogon.1", ".so man1/change.1\n").containsKey("man1/rwinsta.1");
        files.forEach((path, text) -> {
            if (text.startsWith(".so ")) {
                assertThat(files.get(text.substring(4).strip())).as(path).isNotNull().doesNotStartWith(".so");
            }
        });
    }

    private static boolean holds(CommandPage page, Command c) {
        return page.parts().stream().anyMatch(p -> p.help().key().equals(c.helpKey().key()));
    }

    private static String followAlias(Map<String, String> files, String path) {
        String text = Optional.ofNullable(files.get(path)).orElseThrow(() -> new AssertionError("no page " + path));
        return text.startsWith(".so ") ? text.substring(4).strip() : path;
    }
}
