package termhost.cli.command;

import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.SessionTable;

/**
 * {@code query session [<sessionname> | <username> | <sessionID>] [/server:<servername>]} and its
 * alias {@code qwinsta}. With no argument it lists every session the caller may see, with the
 * services, console and listener rows; {@code >} marks the caller's own session.
 */
public final class QuerySession implements Command {
    private final List<String> words;

    public QuerySession(List<String> words) {
        this.words = words;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_QUERY_SESSION;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("server", "format"));
        Message.Builder request = Message.builder(Operations.QUERY_SESSION)
                .put(Operations.F_LANG, ctx.messages().locale().toLanguageTag());
        syntax.singleTarget().ifPresent(t -> request.put("filter", t));
        boolean json = Formats.json(syntax);
        Message result = ctx.transport().call(request.build(), e -> { });
        if (syntax.singleTarget().isPresent() && result.rows().isEmpty()) {
            ctx.err().println(ctx.messages().get(MessageKey.QUERY_SESSION_NONE, syntax.singleTarget().get()));
            return 1;
        }
        if (json) {
            long now = Long.parseLong(result.field("now", Long.toString(System.currentTimeMillis())));
            ctx.out().println(termhost.cli.text.SessionJson.format(result.rows(), now));
            return 0;
        }
        ctx.out().print(SessionTable.format(result.rows(), ctx.messages()));
        return 0;
    }
}
