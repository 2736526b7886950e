package termhost.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.RightsReply;
import termhost.api.op.RightsRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Columns;
import termhost.cli.text.Messages;

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
    /** The switches that change something, in the order the usage error names them. */
    private static final List<String> SWITCHES = List.of("grant", "deny", "revoke", "reset");
    private static final Map<String, RightsRequest.Action> ACTIONS = Map.of("grant", RightsRequest.Action.GRANT,
            "deny", RightsRequest.Action.DENY, "revoke", RightsRequest.Action.REVOKE, "reset",
            RightsRequest.Action.RESET);

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
        List<String> actions = SWITCHES.stream().filter(syntax::has).toList();
        if (actions.size() > 1) {
            throw Syntax.usage(MessageKey.ERROR_RIGHTS_ONE_ACTION, "only one of /grant /deny /revoke /reset",
                    String.join(" ", actions));
        }
        Optional<String> positional = syntax.singleTarget();
        RightsRequest request;
        if (actions.isEmpty()) {
            request = positional.isPresent()
                    ? new RightsRequest(RightsRequest.Action.EFFECTIVE, positional.get(), null)
                    : new RightsRequest(RightsRequest.Action.LIST, null, null);
        } else {
            String action = actions.get(0);
            request = new RightsRequest(ACTIONS.get(action), syntax.value(action).orElse(null),
                    positional.orElse(null));
        }
        RightsReply result = ctx.transport().call(request, e -> { });
        Messages m = ctx.messages();
        if (result instanceof RightsReply.Effective e) {
            ctx.out().println(m.get(MessageKey.RIGHTS_EFFECTIVE, e.user(), e.rights(), e.groups()));
            return 0;
        }
        ctx.out().println(" " + Columns.left(m.get(MessageKey.RIGHTS_COL_PRINCIPAL), 24)
                + Columns.left(m.get(MessageKey.RIGHTS_COL_EFFECT), 8) + m.get(MessageKey.RIGHTS_COL_RIGHTS));
        for (RightsReply.Entry r : ((RightsReply.Entries) result).entries()) {
            ctx.out().println(" " + Columns.left(r.principal(), 24) + Columns.left(r.effect(), 8) + r.rights());
        }
        return 0;
    }
}
