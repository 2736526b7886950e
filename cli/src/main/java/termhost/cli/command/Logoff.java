package termhost.cli.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Events;

/**
 * {@code logoff [<sessionname> | <sessionID>] [/server:<servername>] [/v]}: logs a user off a
 * session and deletes it. Without a session, the caller's own (the daemon finds it by the
 * caller's cgroup). Prints nothing on success unless {@code /v}, as on Windows.
 */
public final class Logoff implements Command {
    @Override
    public List<String> words() {
        return List.of("logoff");
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("v"), Set.of("server"));
        if (syntax.has("?")) {
            ctx.out().print(ctx.messages().get("help.logoff"));
            return 0;
        }
        Optional<String> target = syntax.singleTarget();
        target.ifPresent(Logoff::checkTarget);
        Message.Builder request = Message.builder(Operations.LOGOFF);
        target.ifPresent(t -> request.put(Operations.F_SESSION, t));
        boolean verbose = syntax.has("v");
        ctx.transport().call(request.build(), event -> {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        return 0;
    }

    /** A number is an ID; one that cannot be an ID is a usage error, not a session name. */
    static void checkTarget(String t) {
        if (t.matches("-\\d+") || (t.matches("\\d+") && (t.length() > 10 || Long.parseLong(t) > Integer.MAX_VALUE))) {
            throw Syntax.usage("error.id_out_of_range", "session ID out of range: " + t, t);
        }
        if (t.isBlank()) {
            throw Syntax.usage("error.empty_session_name", "empty session name");
        }
    }
}
