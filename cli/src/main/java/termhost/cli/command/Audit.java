package termhost.cli.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.AuditRecord;
import termhost.api.op.AuditReply;
import termhost.api.op.AuditRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;

/**
 * {@code termhost audit [/limit:N]}: the newest audit records (logons, logoffs, disconnects,
 * denials), oldest first, one per line. Administrators only. Not put on sessions' PATH: it is a
 * host tool, not an RDS command.
 */
public final class Audit implements Command {
    /**
     * Made at the first audit listing, not when the command table loads this class: the pattern's
     * parse loads java.time's formatter classes and lambdas, about 9 ms of every command's start
     * (bench/commands.py).
     */
    private static final class Times {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    }

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
        AuditReply result = ctx.transport().call(new AuditRequest(syntax.value("limit").orElse(null)), e -> { });
        ZoneId zone = ZoneId.systemDefault();
        for (AuditRecord r : result.records()) {
            String at = Times.TIME.format(r.at().atZone(zone));
            ctx.out().println(String.join("  ", at, r.type(), r.outcome(), "actor=" + r.actor(),
                    "from=" + quote(r.source()), "session=" + (r.session() == null ? "" : r.session()),
                    "owner=" + r.owner(), quote(r.detail())));
        }
        return 0;
    }

    private static String quote(String s) {
        return s.isEmpty() || s.contains(" ") ? "\"" + s.replace("\"", "\\\"") + "\"" : s;
    }
}
