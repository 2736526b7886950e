package termhost.cli.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import termhost.api.MessageKey;
import termhost.api.op.Operation;

/** The command table: which words name which command, Windows aliases included. */
public final class Commands {
    private static final List<Command> ALL = List.of(
            new QuerySession(List.of("query", "session")),
            new QuerySession(List.of("qwinsta")),
            new QueryUser(List.of("query", "user")),
            new QueryUser(List.of("quser")),
            new QueryProcess(List.of("query", "process")),
            new QueryProcess(List.of("qprocess")),
            new SessionVerb(List.of("logoff"), Operation.LOGOFF, MessageKey.HELP_LOGOFF, false),
            new SessionVerb(List.of("reset", "session"), Operation.RESET, MessageKey.HELP_RESET, true),
            new SessionVerb(List.of("reset", "winsta"), Operation.RESET, MessageKey.HELP_RESET, true),
            new SessionVerb(List.of("rwinsta"), Operation.RESET, MessageKey.HELP_RESET, true),
            new SessionVerb(List.of("tsdiscon"), Operation.DISCONNECT, MessageKey.HELP_TSDISCON, false),
            new Tscon(),
            new Msg(),
            new ChangeLogon(List.of("change", "logon")),
            new ChangeLogon(List.of("chglogon")),
            new Audit(),
            new RightsCommand(),
            new Config(),
            new Serve());

    /** The name under which every command, host tools included, is reachable. */
    public static final String HOST_TOOL = "termhost";

    private Commands() {
    }

    /** A command found in an argument vector, and the arguments after its words. */
    public record Match(Command command, List<String> args) {
    }

    public static Optional<Match> find(List<String> argv) {
        argv = withoutHostTool(argv);
        Match best = null;
        for (Command c : ALL) {
            List<String> words = c.words();
            if (argv.size() >= words.size() && matches(argv, words)
                    && (best == null || words.size() > best.command().words().size())) {
                best = new Match(c, argv.subList(words.size(), argv.size()));
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code argv} without a leading {@code termhost}: inside a session or over ssh, "termhost audit" is "audit". */
    public static List<String> withoutHostTool(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equalsIgnoreCase(HOST_TOOL) ? argv.subList(1, argv.size()) : argv;
    }

    /** True when {@code word} begins some command of more words, e.g. {@code query} or {@code reset}. */
    public static boolean beginsACommand(String word) {
        return ALL.stream().anyMatch(c -> c.words().get(0).equals(word.toLowerCase(Locale.ROOT)));
    }

    /** Every command of the table, aliases included, in the table's order. */
    public static List<Command> all() {
        return ALL;
    }

    /** The first words of the RDS commands: the names a user types, one wrapper each. */
    public static List<String> names() {
        return ALL.stream().filter(Command::onSessionPath).map(c -> c.words().get(0)).distinct().toList();
    }

    private static boolean matches(List<String> argv, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (!argv.get(i).toLowerCase(Locale.ROOT).equals(words.get(i))) {
                return false;
            }
        }
        return true;
    }
}
