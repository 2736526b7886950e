package termhost.cli.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;

/**
 * {@code termhost audit [/limit:N]}: the newest audit records (logons, logoffs, disconnects,
 * denials), oldest first, one per line. Administrators only. Not put on sessions' PATH: it is a
 * host tool, not an RDS command.
 */
public final class Audit implements Command {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Override
    public List<String> words() {
        return List.of("audit");
    }

    @Override
    public boolean onSessionPath() {
        return false;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_AUDIT;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("limit"));
        if (!syntax.positionals().isEmpty()) {
            throw Syntax.usage(MessageKey.ERROR_TOO_MANY_ARGUMENTS, "unexpected " + syntax.positionals(),
                    String.join(" ", syntax.positionals()));
        }
        Message.Builder request = Message.builder(Operations.AUDIT);
        syntax.value("limit").ifPresent(l -> request.put("limit", l));
        Message result = ctx.transport().call(request.build(), e -> { });
        ZoneId zone = ZoneId.systemDefault();
        for (Map<String, String> r : result.rows()) {
            String at = TIME.format(Instant.parse(r.get("at")).atZone(zone));
            ctx.out().println(String.join("  ", at, r.get("type"), r.get("outcome"), "actor=" + r.get("actor"),
                    "from=" + quote(r.get("source")), "session=" + r.get("session"), "owner=" + r.get("owner"),
                    quote(r.get("detail"))));
        }
        return 0;
    }

    private static String quote(String s) {
        return s.isEmpty() || s.contains(" ") ? "\"" + s.replace("\"", "\\\"") + "\"" : s;
    }
}
