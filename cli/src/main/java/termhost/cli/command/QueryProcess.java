package termhost.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;
import termhost.cli.text.Json;

/**
 * {@code query process [* | <processID> | <username> | <sessionname> | /id:<nn> | <programname>]
 * [/server:<servername>] [/format:json]} and {@code qprocess}. Layout: USERNAME 20 wide,
 * SESSIONNAME 16, ID right-aligned in 4, PID right-aligned in 5, IMAGE cut at 15; {@code >} before
 * the processes of the caller's own session.
 */
public final class QueryProcess implements Command {
    private final List<String> words;

    public QueryProcess(List<String> words) {
        this.words = words;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_QUERY_PROCESS;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of(), Set.of("server", "format", "id"));
        boolean json = Formats.json(syntax);
        Message.Builder request = Message.builder(Operations.QUERY_PROCESS);
        syntax.singleTarget().ifPresent(t -> request.put("filter", t));
        syntax.value("id").ifPresent(id -> {
            if (!id.matches("\\d{1,9}")) {
                throw Syntax.usage(MessageKey.ERROR_ID_OUT_OF_RANGE, "session ID out of range: " + id, id);
            }
            request.put("id", Integer.toString(Integer.parseInt(id)));
        });
        Message result = ctx.transport().call(request.build(), e -> { });
        if (json) {
            ctx.out().println(Json.array(result.rows().stream().map(QueryProcess::object).toList()));
            return 0;
        }
        ctx.out().println(line(" ", ctx.messages().get(MessageKey.QPROCESS_COL_USER), ctx.messages().get(MessageKey.QPROCESS_COL_SESSION),
                ctx.messages().get(MessageKey.QPROCESS_COL_ID), ctx.messages().get(MessageKey.QPROCESS_COL_PID),
                ctx.messages().get(MessageKey.QPROCESS_COL_IMAGE)));
        for (Map<String, String> r : result.rows()) {
            ctx.out().println(line("true".equals(r.get("current")) ? ">" : " ", r.get("user"), r.get("name"),
                    r.get("id"), r.get("pid"), r.get("image")));
        }
        return 0;
    }

    private static String line(String marker, String user, String session, String id, String pid, String image) {
        return Columns.stripTrailing(marker + Columns.left(Columns.cut(user, 19), 20)
                + Columns.left(Columns.cut(session, 15), 16) + Columns.right(id, 4) + " " + Columns.right(pid, 5)
                + "  " + Columns.cut(image, 15));
    }

    private static Map<String, Object> object(Map<String, String> r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("UserName", r.get("user"));
        o.put("SessionName", r.get("name"));
        o.put("SessionId", Integer.parseInt(r.get("id")));
        o.put("ProcessId", Long.parseLong(r.get("pid")));
        o.put("ImageName", r.get("image"));
        o.put("Current", Boolean.parseBoolean(r.get("current")));
        return o;
    }
}
