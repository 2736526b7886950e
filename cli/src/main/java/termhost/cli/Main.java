package termhost.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;
import termhost.cli.transport.LocalTransport;
import termhost.cli.transport.Transport;

/**
 * Entry point of the thin client: {@code <command words> <args>}, e.g. {@code query session},
 * {@code qwinsta /server:host}, {@code logoff 12 /v}.
 *
 * <p>It loads nothing but the JDK and termhost-api, so it starts about as fast as the JVM does.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        Messages messages = Messages.fromEnvironment(env);
        CommandContext ctx = new CommandContext(out, err, System.in, env, messages,
                LocalTransport.fromEnvironment(env));
        int code = run(Arrays.asList(argv), ctx);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line in {@code ctx}. */
    public static int run(List<String> argv, CommandContext ctx) {
        Optional<Commands.Match> match = Commands.find(argv);
        if (match.isEmpty()) {
            ctx.err().println(ctx.messages().get("error.unknown_command",
                    argv.isEmpty() ? "" : String.join(" ", argv.subList(0, Math.min(2, argv.size())))));
            ctx.err().print(ctx.messages().get("help.commands"));
            return 1;
        }
        Command command = match.get().command();
        List<String> args = match.get().args();
        if (args.contains("/?")) {
            // as on Windows: /? wins over everything else on the line, and needs no server
            ctx.out().print(ctx.messages().get(command.helpKey()));
            return 0;
        }
        try {
            Optional<String> server = serverSwitch(args);
            if (server.isPresent()) {
                return RemoteCommand.run(server.get(), command.words(), withoutServer(args), ctx);
            }
            return command.run(args, ctx);
        } catch (TermhostException e) {
            printError(e, command, ctx);
            return 1;
        }
    }

    /** Prints an error in the Windows form, {@code Error [n]:text}, or a usage problem. */
    public static void printError(TermhostException e, Command command, CommandContext ctx) {
        Messages m = ctx.messages();
        String text = m.has(e.messageKey()) ? m.get(e.messageKey(), (Object[]) e.messageArgs()) : e.getMessage();
        if (e.category() == ErrorCategory.INVALID_ARGUMENT) {
            ctx.err().println(m.get("error.invalid_parameters", text));
            ctx.err().println(m.get("error.see_help", command.displayName()));
            return;
        }
        if (e.category() == ErrorCategory.NOT_FOUND && !e.messageKey().contains("session")) {
            // a user or group that does not exist: quser's plain "No User exists for X"
            ctx.err().println(text);
            return;
        }
        if (!e.messageKey().startsWith("error.code.")) {
            // a specific sentence first, then the Windows line for its code
            ctx.err().println(text);
        }
        ctx.err().println(m.get("error.form", Integer.toString(e.category().windowsCode()),
                m.get("error.code." + e.category().windowsCode())));
    }

    static Optional<String> serverSwitch(List<String> args) {
        for (String a : args) {
            if (a.toLowerCase(Locale.ROOT).startsWith("/server:")) {
                String value = a.substring("/server:".length());
                if (value.isEmpty()) {
                    throw Syntax.usage("error.switch_needs_value", "switch " + a + " needs a value", a);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    static List<String> withoutServer(List<String> args) {
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (!a.toLowerCase(Locale.ROOT).startsWith("/server:")) {
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
