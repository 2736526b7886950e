package termhost.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;
import termhost.cli.transport.LocalTransport;
import termhost.cli.transport.Transport;

/**
 * Entry point of the thin client: {@code <command words> <args>}, e.g. {@code query session},
 * {@code qwinsta /server:host}, {@code logoff 12 /v}; and of the help forms of {@link Help}.
 *
 * <p>It loads nothing but the JDK and termhost-api, so it starts about as fast as the JVM does.
 */
public final class Main {
    /** The misses that Windows' 7022 line ("The specified session cannot be found.") is about. */
    private static final Set<MessageKey> SESSION_NOT_FOUND = EnumSet.of(MessageKey.ERROR_SESSION_NOT_FOUND,
            MessageKey.ERROR_SESSION_NAME_NOT_FOUND, MessageKey.ERROR_NO_CURRENT_SESSION,
            MessageKey.ERROR_NOT_FARM_HOST);

    private Main() {
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        Messages messages = Messages.fromEnvironment(env);
        LocalTransport transport = LocalTransport.fromEnvironment(env);
        List<String> line = Arrays.asList(argv);
        if (asksTheDaemon(line)) {
            transport.connectAhead();
        }
        CommandContext ctx = new CommandContext(out, err, System.in, env, messages, transport);
        int code = run(line, ctx);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line in {@code ctx}. */
    public static int run(List<String> argv, CommandContext ctx) {
        List<String> line = Help.expand(Commands.withoutHostTool(argv));
        if (Help.wantsOverview(line)) {
            Help.printOverview(ctx);
            return 0;
        }
        if (Help.wantsVersion(line)) {
            Help.printVersion(ctx);
            return 0;
        }
        Optional<Commands.Match> match = Commands.find(line);
        if (match.isEmpty()) {
            if (Help.asked(line) && Commands.beginsACommand(line.get(0))) {
                // "query --help" names no one command: the list shows each query
                Help.printOverview(ctx);
                return 0;
            }
            ctx.err().println(ctx.messages().get(MessageKey.ERROR_UNKNOWN_COMMAND, commandWords(line)));
            ctx.err().println(ctx.messages().get(MessageKey.ERROR_SEE_COMMANDS));
            return 1;
        }
        Command command = match.get().command();
        List<String> args = match.get().args();
        if (Help.asked(args)) {
            // as on Windows: /? (or --help, -h) wins over everything else on the line, and needs no server
            ctx.out().print(ctx.messages().get(command.helpKey()));
            return 0;
        }
        try {
            Optional<String> server = serverSwitch(args);
            if (server.isPresent() && command.reachesFarm(args)) {
                try {
                    return command.run(args, ctx);
                } catch (TermhostException e) {
                    if (e.messageKey() != MessageKey.ERROR_NOT_THIS_FARM && e.messageKey() != MessageKey.ERROR_NOT_FARM_HOST
                            && e.messageKey() != MessageKey.ERROR_DAEMON_UNREACHABLE) {
                        throw e;
                    }
                    // not a farm this host is in, nor a host of it (or no daemon here): NAME is a server, reached over SSH
                }
            }
            if (server.isPresent()) {
                return RemoteCommand.run(server.get(), command.words(), withoutServer(args), ctx);
            }
            return command.run(args, ctx);
        } catch (TermhostException e) {
            printError(e, command, ctx);
            return 1;
        }
    }

    /**
     * True when {@code argv} is likely to ask this host's daemon: a command line that asks for no
     * help, version or other server. A guess that is wrong (a usage error, an unknown command) costs
     * a connection that is closed unused.
     */
    static boolean asksTheDaemon(List<String> argv) {
        List<String> line = Help.expand(Commands.withoutHostTool(argv));
        if (Help.wantsOverview(line) || Help.wantsVersion(line) || Help.asked(line)) {
            return false;
        }
        for (String a : line) {
            if (isServerSwitch(a)) {
                return false;
            }
        }
        return true;
    }

    /** What an unknown command line was meant to name: its first word, and a second unless a switch. */
    private static String commandWords(List<String> line) {
        boolean second = line.size() > 1 && !line.get(1).startsWith("/") && !line.get(1).startsWith("-");
        return second ? line.get(0) + " " + line.get(1) : line.get(0);
    }

    /** Prints an error in the Windows form, {@code Error [n]:text}, or a usage problem. */
    public static void printError(TermhostException e, Command command, CommandContext ctx) {
        Messages m = ctx.messages();
        MessageKey key = e.messageKey();
        String text = m.get(key, (Object[]) e.messageArgs());
        if (e.category() == ErrorCategory.INVALID_ARGUMENT) {
            ctx.err().println(m.get(MessageKey.ERROR_INVALID_PARAMETERS, text));
            ctx.err().println(m.get(MessageKey.ERROR_SEE_HELP, command.displayName()));
            return;
        }
        if (e.category() == ErrorCategory.NOT_FOUND && !SESSION_NOT_FOUND.contains(key)) {
            // a user or group that does not exist: quser's plain "No User exists for X"
            ctx.err().println(text);
            return;
        }
        if (key != e.category().windowsText()) {
            // a specific sentence first, then the Windows line for its code
            ctx.err().println(text);
        }
        ctx.err().println(m.get(MessageKey.ERROR_FORM, Integer.toString(e.category().windowsCode()),
                m.get(e.category().windowsText())));
    }

    private static boolean isServerSwitch(String arg) {
        return arg.toLowerCase(Locale.ROOT).startsWith("/server:");
    }

    static Optional<String> serverSwitch(List<String> args) {
        for (String a : args) {
            if (isServerSwitch(a)) {
                String value = a.substring("/server:".length());
                if (value.isEmpty()) {
                    throw Syntax.usage(MessageKey.ERROR_SWITCH_NEEDS_VALUE, "switch " + a + " needs a value", a);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    static List<String> withoutServer(List<String> args) {
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (!isServerSwitch(a)) {
                rest.add(a);
            }
        }
        return rest;
    }

    /** For tests: a context whose transport is given. */
    public static CommandContext context(PrintStream out, PrintStream err, java.io.InputStream in,
            Map<String, String> env, Transport transport) {
        return new CommandContext(out, err, in, env, Messages.fromEnvironment(env), transport);
    }
}
