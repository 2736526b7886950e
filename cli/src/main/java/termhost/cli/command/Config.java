package termhost.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;

/** {@code termhost config}: the settings in force and where each came from. */
public final class Config implements Command {
    @Override
    public List<String> words() {
        return List.of("config");
    }

    @Override
    public boolean onSessionPath() {
        return false;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_CONFIG;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("server"));
        if (!syntax.positionals().isEmpty()) {
            throw Syntax.usage(MessageKey.ERROR_TOO_MANY_ARGUMENTS, "unexpected " + syntax.positionals(),
                    String.join(" ", syntax.positionals()));
        }
        Message result = ctx.transport().call(Message.builder(Operations.CONFIG).build(), e -> { });
        int width = result.rows().stream().mapToInt(r -> r.get("key").length()).max().orElse(10) + 2;
        ctx.out().println(Columns.left(ctx.messages().get(MessageKey.CONFIG_COL_KEY), width)
                + ctx.messages().get(MessageKey.CONFIG_COL_VALUE) + "  (" + ctx.messages().get(MessageKey.CONFIG_COL_SOURCE) + ")");
        for (Map<String, String> r : result.rows()) {
            ctx.out().println(Columns.left(r.get("key"), width) + r.get("value") + "  (" + r.get("source") + ")");
        }
        return 0;
    }
}
