package termhost.cli.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import termhost.api.MessageKey;
import termhost.api.op.Operation;

/**
 * The command table: which words name which command, Windows aliases included.
 *
 * <p>The table holds the words only; a command is made when its words are typed. Making all of them
 * up front loaded every command class and, to verify them, the request and reply records of every
 * operation: about 15 ms of each command's start without a class-data archive.
 */
public final class Commands {
    /** Every command's words, aliases included, in the table's order: the longest match wins. */
    private static final List<List<String>> WORDS = List.of(
            List.of("query", "session"), List.of("qwinsta"),
            List.of("query", "user"), List.of("quser"),
            List.of("query", "process"), List.of("qprocess"),
            List.of("logoff"),
            List.of("reset", "session"), List.of("reset", "winsta"), List.of("rwinsta"),
            List.of("tsdiscon"),
            List.of("tscon"),
            List.of("msg"),
            List.of("change", "logon"), List.of("chglogon"),
            List.of("audit"),
            List.of("rights"),
            List.of("config"),
            List.of("serve"));

    /** The command that {@code words}, a row of {@link #WORDS}, name. */
    private static Command make(List<String> words) {
        return switch (String.join(" ", words)) {
            case "query session", "qwinsta" -> new QuerySession(words);
            case "query user", "quser" -> new QueryUser(words);
            case "query process", "qprocess" -> new QueryProcess(words);
            case "logoff" -> new SessionVerb(words, Operation.LOGOFF, MessageKey.HELP_LOGOFF, false);
            case "reset session", "reset winsta", "rwinsta" ->
                new SessionVerb(words, Operation.RESET, MessageKey.HELP_RESET, true);
            case "tsdiscon" -> new SessionVerb(words, Operation.DISCONNECT, MessageKey.HELP_TSDISCON, false);
            case "tscon" -> new Tscon();
            case "msg" -> new Msg();
            case "change logon", "chglogon" -> new ChangeLogon(words);
            case "audit" -> new Audit();
            case "rights" -> new RightsCommand();
            case "config" -> new Config();
            case "serve" -> new Serve();
            default -> throw new IllegalStateException("no command for the table's row " + words);
        };
    }

    /** The name under which every command, host tools included, is reachable. */
    public static final String HOST_TOOL = "termhost";

    private Commands() {
    }

    /** A command found in an argument vector, and the arguments after its words. */
    public record Match(Command command, List<String> args) {
    }

    public static Optional<Match> find(List<String> argv) {
        argv = withoutHostTool(argv);
        List<String> best = null;
        for (List<String> words : WORDS) {
            if (argv.size() >= words.size() && matches(argv, words) && (best == null || words.size() > best.size())) {
                best = words;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Match(make(best), argv.subList(best.size(),
                argv.size())));
    }

    /** {@code argv} without a leading {@code termhost}: inside a session or over ssh, "termhost audit" is "audit". */
    public static List<String> withoutHostTool(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equalsIgnoreCase(HOST_TOOL) ? argv.subList(1, argv.size()) : argv;
    }

    /** True when {@code word} begins some command of more words, e.g. {@code query} or {@code reset}. */
    public static boolean beginsACommand(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (List<String> words : WORDS) {
            if (words.get(0).equals(lower)) {
                return true;
            }
        }
        return false;
    }

    /** Every command of the table, aliases included, in the table's order (each made anew). */
    public static List<Command> all() {
        return WORDS.stream().map(Commands::make).toList();
    }

    /** The first words of the RDS commands: the names a user types, one wrapper each. */
    public static List<String> names() {
        return all().stream().filter(Command::onSessionPath).map(c -> c.words().get(0)).distinct().toList();
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
