package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;

/**
 * scripts/completion/termhost.bash, read by real bash: its commands are the command table's, its
 * switches and values those of the {@code /?} texts, and it completes them as a user types. The
 * live sessions it offers are checked against a real daemon by the daemon's {@code CompletionIT}.
 */
class CompletionTableTest {
    static final Path SCRIPT = Path.of("../scripts/completion/termhost.bash"); // the module is the working directory
    private static final Pattern TARGET = Pattern.compile("\\b(sessionname|sessionid|username)\\b");
    private static final Map<String, String> KINDS = Map.of("sessionname", "names", "sessionid", "ids", "username",
            "users");

    @BeforeAll
    static void bashIsThere() {
        assumeTrue(Tool.installed("bash"), "bash is not installed");
    }

    /** Runs {@code code} in bash after sourcing the script; its output's lines. */
    static List<String> bash(String code) throws Exception {
        Tool.Result r = Tool.run(List.of("bash", "-c", "source \"$1\" && " + code, "bash", SCRIPT.toString()), Map.of());
        assertThat(r.err()).as("bash's errors").isEmpty();
        assertThat(r.exit()).isZero();
        return r.out().lines().toList();
    }

    /** An associative array of the script: key → its words. */
    private static Map<String, Set<String>> table(String name) throws Exception {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        for (String line : bash("for k in \"${!" + name + "[@]}\"; do printf '%s\\t%s\\n' \"$k\" \"${" + name
                + "[$k]}\"; done")) {
            String[] kv = line.split("\t", -1);
            t.put(kv[0], new LinkedHashSet<>(Arrays.asList(kv[1].split(" "))));
        }
        return t;
    }

    private static HelpText help(Command c, Locale locale) {
        return HelpText.parse(c.helpKey().key(), Messages.forLocale(locale).get(c.helpKey()));
    }

    private static String line(Command c) {
        return String.join(" ", c.words());
    }

    @Test
    void theCommandsAreThoseOfTheTableAndTheNamesThoseWithAWrapper() throws Exception {
        assertThat(bash("printf '%s\\n' \"${_termhost_commands[@]}\""))
                .containsExactlyElementsOf(Commands.all().stream().map(CompletionTableTest::line).toList());
        List<String> names = new ArrayList<>(Commands.names());
        names.add(Commands.HOST_TOOL);
        assertThat(bash("printf '%s\\n' \"${_termhost_names[@]}\"")).containsExactlyInAnyOrderElementsOf(names);
        // each name is bound to the completion
        assertThat(bash("complete -p | sed 's/.* //'")).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void eachCommandHasTheSwitchesItsHelpTextNamesInEitherLanguage() throws Exception {
        Map<String, Set<String>> switches = table("_termhost_switches");

        assertThat(switches.keySet()).containsExactlyInAnyOrderElementsOf(
                Commands.all().stream().map(CompletionTableTest::line).toList());
        for (Command c : Commands.all()) {
            for (Locale locale : ManPages.LANGUAGES) {
                assertThat(switches.get(line(c))).as("%s, as /? names them in %s", line(c), locale.getLanguage().isEmpty() ? "English" : locale)
                        .containsExactlyInAnyOrderElementsOf(help(c, locale).switches());
            }
        }
    }

    /** Its argument's kinds as the syntax lines name them: sessionname, sessionid, username. */
    @Test
    void eachCommandCompletesTheArgumentsItsSyntaxLinesName() throws Exception {
        Map<String, Set<String>> targets = table("_termhost_targets");

        for (Command c : Commands.all()) {
            HelpText h = help(c, Locale.ROOT);
            Set<String> expected = new LinkedHashSet<>();
            // what the syntax lines name outside their switches (/DEST:sessionname is a switch's value)
            Matcher m = TARGET.matcher(h.synopsis().text().replaceAll("/[A-Za-z]+:\\S+", ""));
            while (m.find()) {
                expected.add(KINDS.get(m.group(1)));
            }
            assertThat(targets.getOrDefault(line(c), Set.of())).as(line(c)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aSwitchsValuesAreThoseTheHelpTextsWriteOut() throws Exception {
        Map<String, Set<String>> values = table("_termhost_values");
        Map<String, Set<String>> live = table("_termhost_session_values");

        assertThat(values).isNotEmpty();
        for (Map.Entry<String, Set<String>> v : values.entrySet()) {
            List<Command> naming = Commands.all().stream().filter(c -> help(c, Locale.ROOT).switches()
                    .contains(v.getKey())).toList();
            assertThat(naming).as("commands whose /? names %s", v.getKey()).isNotEmpty();
            for (Command c : naming) {
                assertThat(help(c, Locale.ROOT).values(v.getKey())).as(line(c) + " " + v.getKey())
                        .containsExactlyInAnyOrderElementsOf(v.getValue());
            }
        }
        for (String s : live.keySet()) {
            assertThat(Commands.all()).as("a command whose /? names %s", s)
                    .anyMatch(c -> help(c, Locale.ROOT).switches().contains(s));
        }
    }

    /** What bash offers at TAB, the line typed up to the cursor (no daemon: no sessions). */
    static List<String> complete(String typed) throws Exception {
        return bash("COMP_LINE='" + typed.replace("'", "'\\''") + "'; COMP_POINT=${#COMP_LINE};"
                + " read -r -a COMP_WORDS <<<\"$COMP_LINE\"; COMP_CWORD=${#COMP_WORDS[@]};"
                + " _termhost; printf '%s\\n' \"${COMPREPLY[@]}\" | sed '/^$/d'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "termhost q|query qwinsta quser qprocess",
        "termhost help tsd|tsdiscon",
        "termhost --v|--version",
        "'query '|session user process",
        "reset w|winsta",
        "QUERY SESSION /f|/format:",
        "logoff /|/server: /v /state: /?",
        "logoff /STATE:|disc active",
        "logoff /state:a|active",
        "change logon /drain|/drain /drainuntilrestart",
        "termhost serve --s|--state-dir --set",
        "termhost audit /l|/limit:",
        "msg /w|/w"})
    void completesCommandsSwitchesAndValuesAsTyped(String typed, String offered) throws Exception {
        // bash puts each reply in place of the text after the last ':' of the word, so a value comes alone
        assertThat(complete(typed)).containsExactlyElementsOf(List.of(offered.split(" ")));
    }
}
