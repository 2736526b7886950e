package termhost.cli.command;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.SessionListReply;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.SessionJson;
import termhost.cli.text.UserTable;
import termhost.cli.transport.Transport;

/**
 * {@code query user [<username> | <sessionname> | <sessionID>] [/server:<servername>]
 * [/format:json]} and {@code quser}: who is logged on, idle how long (user input only), since when.
 */
public final class QueryUser implements Command {
    private final List<String> words;

    public QueryUser(List<String> words) {
        this.words = words;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_QUERY_USER;
    }

    @Override
    public boolean reachesFarm(List<String> args) {
        return true;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("server", "format"));
        boolean json = Formats.json(syntax);
        String farm = syntax.value("server").orElse(null);
        SessionListReply result = ctx.transport().call(new QueryUserRequest(syntax.singleTarget().orElse(null), farm),
                Transport.NO_PROGRESS);
        if (json) {
            ctx.out().println(SessionJson.format(result.sessions(), result.now()));
        } else {
            ctx.out().print(UserTable.format(result.sessions(), result.now(), ctx.messages(), ZoneId.systemDefault(),
                    farm != null));
        }
        return 0;
    }
}
