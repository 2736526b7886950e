package termhost.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.ProcessListReply;
import termhost.api.op.ProcessRow;
import termhost.api.op.QueryProcessRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;
import termhost.cli.text.Json;
import termhost.cli.text.Messages;

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
        String filter = syntax.singleTarget().orElse(null);
        Integer sessionId = null;
        if (syntax.value("id").isPresent()) {
            String id = syntax.value("id").get();
            if (!id.matches("\\d{1,9}")) {
                throw Syntax.usage(MessageKey.ERROR_ID_OUT_OF_RANGE, "session ID out of range: " + id, id);
            }
            sessionId = Integer.parseInt(id);
        }
        ProcessListReply result = ctx.transport().call(new QueryProcessRequest(filter, sessionId), e -> { });
        if (json) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (ProcessRow r : result.processes()) {
                objects.add(object(r));
            }
            ctx.out().println(Json.array(objects));
            return 0;
        }
        Messages m = ctx.messages();
        ctx.out().println(line(" ", m.get(MessageKey.QPROCESS_COL_USER), m.get(MessageKey.QPROCESS_COL_SESSION),
                m.get(MessageKey.QPROCESS_COL_ID), m.get(MessageKey.QPROCESS_COL_PID),
                m.get(MessageKey.QPROCESS_COL_IMAGE)));
        for (ProcessRow r : result.processes()) {
            ctx.out().println(line(r.current() ? ">" : " ", r.user(), r.name(), Integer.toString(r.id()),
                    Long.toString(r.pid()), r.image()));
        }
        return 0;
    }

    private static String line(String marker, String user, String session, String id, String pid, String image) {
        return Columns.stripTrailing(marker + Columns.left(Columns.cut(user, 19), 20)
                + Columns.left(Columns.cut(session, 15), 16) + Columns.right(id, 4) + " " + Columns.right(pid, 5)
                + "  " + Columns.cut(image, 15));
    }

    private static Map<String, Object> object(ProcessRow r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("UserName", r.user());
        o.put("SessionName", r.name());
        o.put("SessionId", r.id());
        o.put("ProcessId", r.pid());
        o.put("ImageName", r.image());
        o.put("Current", r.current());
        return o;
    }
}
