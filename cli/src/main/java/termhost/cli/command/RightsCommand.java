package termhost.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;

/**
 * {@code termhost rights}: the RDS permission model on OS users and groups. Windows edits it in
 * tscc and WMI, so there is no syntax to copy; this one follows the RDS commands' style:
 * <pre>
 * termhost rights                                  the entries
 * termhost rights USER                             USER's effective rights over others' sessions
 * termhost rights /grant:WHO RIGHTS                WHO = user, @group or *
 * termhost rights /deny:WHO RIGHTS                 an explicit deny beats any grant
 * termhost rights /revoke:WHO [RIGHTS]             without RIGHTS: everything of WHO
 * termhost rights /reset                           back to the defaults
 * </pre>
 */
public final class RightsCommand implements Command {
    @Override
    public List<String> words() {
        return List.of("rights");
    }

    @Override
    public boolean onSessionPath() {
        return false;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_RIGHTS;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("reset"), Set.of("grant", "deny", "revoke", "server"));
        Message.Builder request = Message.builder(Operations.RIGHTS);
        List<String> actions = List.of("grant", "deny", "revoke", "reset").stream().filter(syntax::has).toList();
        if (actions.size() > 1) {
            throw Syntax.usage(MessageKey.ERROR_RIGHTS_ONE_ACTION, "only one of /grant /deny /revoke /reset",
                    String.join(" ", actions));
        }
        Optional<String> positional = syntax.singleTarget();
        if (actions.isEmpty()) {
            if (positional.isPresent()) {
                request.put("action", "effective").put("principal", positional.get());
            } else {
                request.put("action", "list");
            }
        } else {
            String action = actions.get(0);
            request.put("action", action);
            syntax.value(action).ifPresent(p -> request.put("principal", p));
            positional.ifPresent(r -> request.put("rights", r));
        }
        Message result = ctx.transport().call(request.build(), e -> { });
        if (result.field("user") != null) {
            ctx.out().println(ctx.messages().get(MessageKey.RIGHTS_EFFECTIVE, result.field("user"), result.field("rights"),
                    result.field("groups")));
            return 0;
        }
        ctx.out().println(" " + Columns.left(ctx.messages().get(MessageKey.RIGHTS_COL_PRINCIPAL), 24)
                + Columns.left(ctx.messages().get(MessageKey.RIGHTS_COL_EFFECT), 8) + ctx.messages().get(MessageKey.RIGHTS_COL_RIGHTS));
        for (Map<String, String> r : result.rows()) {
            ctx.out().println(" " + Columns.left(r.get("principal"), 24) + Columns.left(r.get("effect"), 8)
                    + r.get("rights"));
        }
        return 0;
    }
}
