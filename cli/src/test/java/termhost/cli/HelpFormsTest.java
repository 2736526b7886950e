package termhost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import termhost.api.MessageKey;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;
import termhost.cli.transport.Transport;

/**
 * Issue 11, item 8: help as Linux users ask for it. Every form here is answered by the client
 * alone: the transport fails the test if anything reaches for the daemon.
 */
class HelpFormsTest {
    private static final Map<String, String> EN = Map.of("LANG", "C.UTF-8");
    private static final Map<String, String> RU = Map.of("LANG", "ru_RU.UTF-8");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Transport noDaemon = new Transport() {
            @Override
            public <R extends termhost.api.op.Reply> R call(termhost.api.op.Request<R> request,
                    java.util.function.Consumer<termhost.api.wire.Progress> onProgress) {
                throw new AssertionError("help reached for the daemon: " + request.operation());
            }
        };
        CommandContext ctx = Main.context(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env, noDaemon);
        int exit = Main.run(List.of(argv), ctx);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String text(Map<String, String> env, MessageKey key) {
        return Messages.fromEnvironment(env).get(key);
    }

    /** The host's launcher passes no "termhost"; a session's termhost wrapper does. */
    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "-h", "help", "/?", "HELP", "termhost", "termhost --help", "termhost -h",
        "termhost help"})
    void theBareToolAndItsHelpFormsListTheCommands(String line) {
        Run r = run(EN, words(line));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(text(EN, MessageKey.HELP_OVERVIEW));
        assertThat(r.err()).isEmpty();
    }

    /** A command added to the table without a line in the list fails here, in both languages. */
    @ParameterizedTest
    @ValueSource(strings = {"C.UTF-8", "ru_RU.UTF-8"})
    void theListNamesEveryCommandServeIncludedEachWithWhatItDoes(String lang) {
        String overview = run(Map.of("LANG", lang), "--help").out();
        List<String> lines = overview.lines().toList();

        for (Command c : Commands.all()) {
            String name = String.join(" ", c.words());
            assertThat(lines).as(name).anyMatch(l -> Pattern.compile("(^|[ ,(])" + Pattern.quote(name) + "([ ,).]|$)")
                    .matcher(l).find());
        }
        assertThat(lines).anyMatch(l -> l.matches("  serve +\\S.*"));
    }

    static Stream<Arguments> everyCommandWithHelpSomewhere() {
        List<Arguments> all = new ArrayList<>();
        for (Command c : Commands.all()) {
            for (String help : List.of("--help", "-h", "/?")) {
                all.add(Arguments.of(c.words(), List.of(help)));
                all.add(Arguments.of(c.words(), List.of("2", help)));
                all.add(Arguments.of(c.words(), List.of(help, "/server:no-such-host.invalid", "2")));
                all.add(Arguments.of(c.words(), List.of("/v", "2", help)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCommandWithHelpSomewhere")
    void helpAnywhereAfterACommandPrintsItsHelpAndDoesNothingElse(List<String> command, List<String> args) {
        Command c = Commands.find(command).orElseThrow().command();
        List<String> line = new ArrayList<>(command);
        line.addAll(args);

        Run r = run(EN, line.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(text(EN, c.helpKey()));
        assertThat(r.err()).isEmpty();
    }

    /** Issue 13 item 5: an administrator reading the rights' help learns what a VirtualChannels deny turns off. */
    @Test
    void theRightsHelpSaysWhatVirtualChannelsDecidesInBothLanguages() {
        for (Map<String, String> language : List.of(EN, RU)) {
            assertThat(run(language, "termhost", "rights", "/?").out()).contains("VirtualChannels", "SFTP",
                    "redirect.*", "termhost.conf(5)", "/DENY:@");
        }
    }

    @Test
    void hostToolsTakeHelpThroughTermhostToo() {
        assertThat(run(EN, "termhost", "rights", "--help").out()).isEqualTo(text(EN, MessageKey.HELP_RIGHTS));
        assertThat(run(EN, "termhost", "serve", "-h").out()).isEqualTo(text(EN, MessageKey.HELP_SERVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help logoff", "termhost help logoff", "help LOGOFF", "help logoff 12 /v"})
    void helpOfACommandIsItsSlashQuestionMark(String line) {
        Run r = run(EN, words(line));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(run(EN, "logoff", "/?").out()).isEqualTo(text(EN, MessageKey.HELP_LOGOFF));
    }

    @Test
    void helpNamesCommandsOfSeveralWordsAndHostTools() {
        assertThat(run(EN, "help", "query", "session").out()).isEqualTo(text(EN, MessageKey.HELP_QUERY_SESSION));
        assertThat(run(EN, "help", "rights").out()).isEqualTo(text(EN, MessageKey.HELP_RIGHTS));
        assertThat(run(EN, "help", "termhost", "rights").out()).isEqualTo(text(EN, MessageKey.HELP_RIGHTS));
        assertThat(run(EN, "help", "serve").out()).isEqualTo(text(EN, MessageKey.HELP_SERVE));
    }

    /** "query" alone names no command: its help is the list, where each query is. */
    @ParameterizedTest
    @ValueSource(strings = {"query --help", "query -h", "help query", "reset /?", "change --help"})
    void theFirstWordOfSeveralCommandsShowsTheList(String line) {
        Run r = run(EN, words(line));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(text(EN, MessageKey.HELP_OVERVIEW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help nosuch", "nosuch --help", "termhost nosuch"})
    void helpOfAnUnknownCommandIsAnError(String line) {
        Run r = run(EN, words(line));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly("Unknown command: nosuch",
                "Type \"termhost --help\" for the list of commands.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "termhost --version"})
    void theVersionIsTheOneMavenBuilt(String line) throws IOException {
        Run r = run(EN, words(line));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("termhost " + projectVersion() + System.lineSeparator());
    }

    /** -V is not the version: /V is the commands' "verbose" and switches are case-insensitive. */
    @Test
    void capitalVIsNotTheVersion() {
        Run r = run(EN, "-V");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Unknown command: -V");
    }

    @Test
    void serveOutsideTheLauncherSaysWhereTheServiceStarts() {
        Run r = run(EN, "termhost", "serve");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("./termhost serve");
    }

    @Test
    void everyFormSpeaksRussianWhenAsked() {
        assertThat(run(RU, "termhost").out()).isEqualTo(text(RU, MessageKey.HELP_OVERVIEW)).contains("Команды:");
        assertThat(run(RU, "logoff", "--help").out()).contains("LOGOFF [имя_сеанса | ИД_сеанса]");
        assertThat(run(RU, "serve", "-h").out()).isEqualTo(text(RU, MessageKey.HELP_SERVE)).contains("Выводит эту справку");
        assertThat(run(RU, "help", "nosuch").err()).contains("Неизвестная команда: nosuch", "termhost --help");
    }

    private static String[] words(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    /** The version in the module's pom (its parent's): what the build should have put in. */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).as("the parent's version in cli/pom.xml").isTrue();
        return m.group(1).trim();
    }
}
