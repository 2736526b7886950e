package termhost.cli.command;

import java.util.List;
import termhost.api.MessageKey;
import termhost.cli.CommandContext;

/**
 * {@code termhost serve}: the daemon, which the launcher ({@code ./termhost}) starts itself. The
 * client only has its help, so that {@code termhost serve --help} and {@code termhost help serve}
 * answer as every other command does; anywhere else (a session's {@code termhost}) it says where
 * the service is started.
 */
public final class Serve implements Command {
    @Override
    public List<String> words() {
        return List.of("serve");
    }

    @Override
    public boolean onSessionPath() {
        return false;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_SERVE;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        ctx.err().println(ctx.messages().get(MessageKey.SERVE_ERROR_HOST_ONLY));
        return 1;
    }
}
