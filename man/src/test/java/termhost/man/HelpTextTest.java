package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static termhost.man.HelpText.Kind.DESCRIPTION;
import static termhost.man.HelpText.Kind.PARAGRAPH;
import static termhost.man.HelpText.Kind.SYNOPSIS;
import static termhost.man.HelpText.Kind.TABLE;
import static termhost.man.HelpText.Kind.TITLED_TABLE;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import termhost.api.MessageKey;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;

class HelpTextTest {
    /** Every /? text the commands print (the overview too), in both languages. */
    static Stream<Arguments> everyHelpText() {
        Set<MessageKey> keys = new LinkedHashSet<>(List.of(MessageKey.HELP_OVERVIEW));
        Commands.all().stream().map(Command::helpKey).forEach(keys::add);
        List<Arguments> all = new ArrayList<>();
        for (Locale locale : ManPages.LANGUAGES) {
            for (MessageKey k : keys) {
                all.add(Arguments.of(k, locale));
            }
        }
        return all.stream();
    }

    static String help(MessageKey key, Locale locale) {
        return Messages.forLocale(locale).get(key);
    }

    /** So the pages, made from the blocks, hold every character of /?. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyHelpText")
    void everyHelpTextFollowsTheLayoutAndIsKeptWhole(MessageKey key, Locale locale) {
        String text = help(key, locale);

        HelpText h = HelpText.parse(key.key(), text);

        assertThat(h.text()).isEqualTo(text);
        assertThat(h.blocks().get(0).kind()).isEqualTo(DESCRIPTION);
        assertThat(h.blocks().get(1).kind()).isEqualTo(SYNOPSIS);
    }

    @Test
    void logoffHasEachKindOfBlock() {
        HelpText h = HelpText.parse("help.logoff", help(MessageKey.HELP_LOGOFF, Locale.ROOT));

        assertThat(h.blocks()).extracting(HelpText.Block::kind)
                .containsExactly(DESCRIPTION, SYNOPSIS, TABLE, PARAGRAPH, TITLED_TABLE);
        assertThat(h.body().get(0).entries()).extracting(HelpText.Entry::term)
                .containsExactly("sessionname", "sessionid", "/SERVER:servername", "*", "/V", "/?");
        assertThat(h.body().get(0).entries().get(2).description()).containsExactly(
                "The termhost server holding the session (default: this one);",
                "servername may end with :port. Reached over SSH with your keys.");
        assertThat(h.body().get(2).heading()).isEqualTo("Examples");
        assertThat(h.body().get(2).entries().get(2)).isEqualTo(new HelpText.Entry("logoff TERM04 /server:Server1",
                List.of("log off session TERM04 on Server1")));
        assertThat(h.summary()).isEqualTo("Logs a user off a session on a termhost server and deletes the session.");
    }

    @Test
    void theSwitchesAreThoseOfTheSyntaxLinesWithTheirWrittenValues() {
        HelpText logoff = HelpText.parse("help.logoff", help(MessageKey.HELP_LOGOFF, Locale.ROOT));
        HelpText serve = HelpText.parse("help.serve", help(MessageKey.HELP_SERVE, Locale.ROOT));

        assertThat(logoff.switches()).containsExactly("/server:", "/v", "/state:");
        assertThat(logoff.values("/state:")).containsExactly("disc", "active");
        assertThat(serve.switches()).containsExactly("--listen", "--state-dir", "--set");
    }

    @Test
    void aSummaryIsTheFirstSentenceEvenAcrossLines() {
        HelpText h = HelpText.parse("k", "Deletes it at once: no\ngrace period. For hangs.\n\nX\n");

        assertThat(h.summary()).isEqualTo("Deletes it at once: no grace period.");
    }

    @Test
    void aBlockOfNoKnownKindIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> HelpText.parse("help.x", "Does x.\n\nX [/V]\n\nSome text\n  indented under it\n"))
                .hasMessageContaining("help.x").hasMessageContaining("indented under it");
        assertThatThrownBy(() -> HelpText.parse("help.y", "Does y.\n")).hasMessageContaining("help.y");
        assertThatThrownBy(() -> HelpText.parse("help.z", "Does z.\n\nZ\n\n\nMore.\n")).hasMessageContaining("help.z");
    }
}
