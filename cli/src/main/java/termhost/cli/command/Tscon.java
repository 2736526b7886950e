package termhost.cli.command;

import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.ConnectRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Events;

/**
 * {@code tscon {<sessionID> | <sessionname>} [/dest:<sessionname>] [/password:<pw> | /password:*]
 * [/v]}: moves your connection (or the one of {@code /dest}) to another session; another user's
 * session needs that user's password ({@code /password:*} asks for it) or Full Control.
 */
public final class Tscon implements Command {
    @Override
    public List<String> words() {
        return List.of("tscon");
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_TSCON;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("v"), Set.of("dest", "password", "server"));
        String target = syntax.singleTarget().orElseThrow(() -> Syntax.usage(MessageKey.ERROR_SESSION_REQUIRED,
                "a session name or ID is required"));
        SessionVerb.checkTarget(target);
        ConnectRequest request = new ConnectRequest(target, syntax.value("dest").orElse(null),
                password(syntax.value("password").orElse(null)));
        boolean verbose = syntax.has("v");
        ctx.transport().call(request, event -> {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        return 0;
    }

    /** {@code /password:*} asks for it without echo, as Windows does; a terminal is needed for that. */
    private static String password(String given) {
        if (given == null || !given.equals("*")) {
            return given;
        }
        java.io.Console console = System.console();
        if (console == null) {
            throw Syntax.usage(MessageKey.TSCON_ERROR_PASSWORD, "/password:* needs a terminal to ask the password on");
        }
        char[] typed = console.readPassword("Password: ");
        return typed == null ? "" : new String(typed);
    }
}
