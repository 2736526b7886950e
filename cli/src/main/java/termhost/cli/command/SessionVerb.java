package termhost.cli.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.op.DisconnectRequest;
import termhost.api.op.LogoffReply;
import termhost.api.op.LogoffRequest;
import termhost.api.op.Operation;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.op.ResetRequest;
import termhost.api.wire.Progress;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Events;

/**
 * The commands that act on one session and print nothing unless {@code /v}: logoff, reset
 * session (rwinsta), tsdiscon. They share syntax: {@code [<sessionname> | <sessionID>]
 * [/server:<servername>] [/v]}; a session is required where {@code required}.
 */
public final class SessionVerb implements Command {
    private final List<String> words;
    private final Operation operation;
    private final MessageKey helpKey;
    private final boolean required;

    /** @param operation {@link Operation#LOGOFF}, {@link Operation#RESET} or {@link Operation#DISCONNECT} */
    public SessionVerb(List<String> words, Operation operation, MessageKey helpKey, boolean required) {
        this.words = words;
        this.operation = operation;
        this.helpKey = helpKey;
        this.required = required;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public MessageKey helpKey() {
        return helpKey;
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("v"), Set.of("server", "state"));
        Optional<String> target = syntax.singleTarget();
        target.ifPresent(SessionVerb::checkTarget);
        if (required && target.isEmpty()) {
            throw Syntax.usage(MessageKey.ERROR_SESSION_REQUIRED, "a session name or ID is required");
        }
        boolean all = target.filter("*"::equals).isPresent();
        if (syntax.has("state") && (!all || operation == Operation.DISCONNECT)) {
            throw Syntax.usage(MessageKey.LOGOFF_ERROR_STATE_NEEDS_ALL, "/state: only with * (every session)",
                    "/state");
        }
        String state = syntax.value("state").map(st -> st.toLowerCase(Locale.ROOT)).orElse(null);
        boolean verbose = syntax.has("v");
        ProgressLine line = new ProgressLine(ctx, all && ctx.interactive());
        Reply result = ctx.transport().call(request(target.orElse(null), state), event -> {
            if (all && event.key() == MessageKey.LOGOFF_MASS_PROGRESS) {
                line.update(event, verbose);
            } else if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        line.finish();
        if (all) {
            int count = result instanceof LogoffReply.Mass mass ? mass.count() : 0;
            ctx.out().println(ctx.messages().get(MessageKey.LOGOFF_MASS_DONE, Integer.toString(count)));
        }
        return 0;
    }

    private Request<?> request(String target, String state) {
        return switch (operation) {
            case LOGOFF -> new LogoffRequest(target, state);
            case RESET -> new ResetRequest(target, state);
            case DISCONNECT -> new DisconnectRequest(target);
            default -> throw new IllegalStateException(operation + " does not act on one session");
        };
    }

    /** One line redrawn in place on a terminal ("Logged off 120/500"), or nothing elsewhere. */
    private static final class ProgressLine {
        private final CommandContext ctx;
        private final boolean live;
        private boolean drawn;

        ProgressLine(CommandContext ctx, boolean live) {
            this.ctx = ctx;
            this.live = live;
        }

        void update(Progress event, boolean verbose) {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            } else if (live) {
                ctx.out().print("\r" + ctx.messages().get(MessageKey.LOGOFF_MASS_BAR, event.args().get(0),
                        event.args().get(1)));
                ctx.out().flush();
                drawn = true;
            }
        }

        void finish() {
            if (drawn) {
                ctx.out().println();
            }
        }
    }

    /** A number is an ID; one that cannot be an ID is a usage error, not a session name. */
    static void checkTarget(String t) {
        if (t.matches("-\\d+") || (t.matches("\\d+") && (t.length() > 10 || Long.parseLong(t) > Integer.MAX_VALUE))) {
            throw Syntax.usage(MessageKey.ERROR_ID_OUT_OF_RANGE, "session ID out of range: " + t, t);
        }
        if (t.isBlank()) {
            throw Syntax.usage(MessageKey.ERROR_EMPTY_SESSION_NAME, "empty session name");
        }
    }
}
