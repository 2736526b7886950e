package termhost.cli.command;

import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.ConfigReply;
import termhost.api.op.ConfigRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;
import termhost.cli.text.Messages;

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
        ConfigReply result = ctx.transport().call(new ConfigRequest(), e -> { });
        int width = result.settings().stream().mapToInt(s -> s.key().length()).max().orElse(10) + 2;
        Messages m = ctx.messages();
        ctx.out().println(Columns.left(m.get(MessageKey.CONFIG_COL_KEY), width) + m.get(MessageKey.CONFIG_COL_VALUE)
                + "  (" + m.get(MessageKey.CONFIG_COL_SOURCE) + ")");
        for (ConfigReply.Setting s : result.settings()) {
            ctx.out().println(Columns.left(s.key(), width) + s.value() + "  (" + s.source() + ")");
        }
        return 0;
    }
}
