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
 * [/v]}: moves your connection (or the one of {@code /dest}) to another session.
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
                syntax.value("password").isPresent());
        boolean verbose = syntax.has("v");
        ctx.transport().call(request, event -> {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        return 0;
    }
}
