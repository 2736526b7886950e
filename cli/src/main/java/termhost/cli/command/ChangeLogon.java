package termhost.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.LogonMode;
import termhost.api.MessageKey;
import termhost.api.op.LogonModeReply;
import termhost.api.op.LogonModeRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;

/**
 * {@code change logon {/query | /enable | /disable | /drain | /drainuntilrestart} [/server:NAME]} (and
 * {@code chglogon}): whether new logons and reconnections are allowed on the host. In a farm,
 * {@code /server:HOST} sets or asks another host's mode, and {@code /query /server:FARM} gives every
 * host's, a line each; a NAME that is neither is reached over SSH.
 */
public final class ChangeLogon implements Command {
    /** The switch that sets each mode ({@code /query} sets none). */
    private static final Map<String, LogonMode> MODES = Map.of("enable", LogonMode.ENABLED, "disable",
            LogonMode.DISABLED, "drain", LogonMode.DRAIN, "drainuntilrestart", LogonMode.DRAIN_UNTIL_RESTART);

    private final List<String> words;

    public ChangeLogon(List<String> words) {
        this.words = words;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_CHANGE_LOGON;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("query", "enable", "disable", "drain", "drainuntilrestart"),
                Set.of("server"));
        if (!syntax.positionals().isEmpty()) {
            throw Syntax.usage(MessageKey.ERROR_TOO_MANY_ARGUMENTS, "unexpected " + syntax.positionals(),
                    String.join(" ", syntax.positionals()));
        }
        List<String> given = List.of("query", "enable", "disable", "drain", "drainuntilrestart").stream()
                .filter(syntax::has).toList();
        if (given.size() != 1) {
            throw Syntax.usage(MessageKey.CHANGE_LOGON_ERROR_ONE, "exactly one of /query /enable /disable /drain "
                    + "/drainuntilrestart", String.join(" ", given));
        }
        LogonModeReply result = ctx.transport().call(new LogonModeRequest(MODES.get(given.get(0)),
                syntax.value("server").orElse(null)), e -> { });
        if (result.hosts().isEmpty()) {
            ctx.out().println(ctx.messages().get(modeText(result.mode())));
        }
        for (LogonModeReply.HostMode h : result.hosts()) {
            ctx.out().println(ctx.messages().get(hostLine(h.state()), h.host(), ctx.messages().get(modeText(h.mode()))));
        }
        return 0;
    }

    @Override
    public boolean reachesFarm(List<String> args) {
        // a plain name may be this host's farm or a host of it; NAME:PORT is a server reached over SSH
        return Syntax.parse(args, Set.of("query", "enable", "disable", "drain", "drainuntilrestart"), Set.of("server"))
                .value("server").filter(s -> !s.contains(":")).isPresent();
    }

    /** A farm's host line: up, or marked as the directory shows it. */
    private static MessageKey hostLine(String state) {
        return switch (state) {
            case "lost" -> MessageKey.CHANGE_LOGON_HOST_LOST;
            case "stopped" -> MessageKey.CHANGE_LOGON_HOST_STOPPED;
            default -> MessageKey.CHANGE_LOGON_HOST;
        };
    }

    private static MessageKey modeText(LogonMode mode) {
        return switch (mode) {
            case ENABLED -> MessageKey.CHANGE_LOGON_MODE_ENABLED;
            case DISABLED -> MessageKey.CHANGE_LOGON_MODE_DISABLED;
            case DRAIN -> MessageKey.CHANGE_LOGON_MODE_DRAIN;
            case DRAIN_UNTIL_RESTART -> MessageKey.CHANGE_LOGON_MODE_DRAIN_UNTIL_RESTART;
        };
    }
}
