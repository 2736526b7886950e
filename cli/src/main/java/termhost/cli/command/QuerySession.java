package termhost.cli.command;

import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.SessionJson;
import termhost.cli.text.SessionTable;
import termhost.cli.transport.Transport;

/**
 * {@code query session [<sessionname> | <username> | <sessionID>] [/server:<servername>]} and its
 * alias {@code qwinsta}. With no argument it lists every session the caller may see, with the
 * services, console and listener rows; {@code >} marks the caller's own session. {@code /server:FARM}
 * lists every host's sessions of the farm this host is in, with a SERVER column.
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
    public boolean reachesFarm(List<String> args) {
        return true;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("server", "format"));
        String filter = syntax.singleTarget().orElse(null);
        boolean json = Formats.json(syntax);
        String farm = syntax.value("server").orElse(null);
        SessionListReply result = ctx.transport().call(new QuerySessionRequest(filter, farm), Transport.NO_PROGRESS);
        if (filter != null && result.sessions().isEmpty()) {
            ctx.err().println(ctx.messages().get(MessageKey.QUERY_SESSION_NONE, filter));
            return 1;
        }
        if (json) {
            ctx.out().println(SessionJson.format(result.sessions(), result.now()));
            return 0;
        }
        ctx.out().print(SessionTable.format(result.sessions(), ctx.messages(), farm != null));
        // the table stays as Windows has it; why a Down session could not be logged off goes beside it
        for (SessionRow r : result.sessions()) {
            if (r.failure() != null) {
                ctx.err().println(ctx.messages().get(MessageKey.ERROR_LOGOFF_FAILED, Integer.toString(r.id()),
                        r.failure()));
            }
        }
        return 0;
    }
}
