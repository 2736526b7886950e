package termhost.cli.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.api.wire.Message;
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
    private final String operation;
    private final MessageKey helpKey;
    private final boolean required;

    public SessionVerb(List<String> words, String operation, MessageKey helpKey, boolean required) {
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
        if (syntax.has("state") && (!all || operation.equals(termhost.api.wire.Operations.DISCONNECT))) {
            throw Syntax.usage(MessageKey.LOGOFF_ERROR_STATE_NEEDS_ALL, "/state: only with * (every session)", "/state");
        }
        Message.Builder request = Message.builder(operation);
        target.ifPresent(t -> request.put(termhost.api.wire.Operations.F_SESSION, t));
        syntax.value("state").ifPresent(st -> request.put("state", st.toLowerCase(java.util.Locale.ROOT)));
        boolean verbose = syntax.has("v");
        Progress progress = new Progress(ctx, all && ctx.interactive());
        Message result = ctx.transport().call(request.build(), event -> {
            if (all && MessageKey.LOGOFF_MASS_PROGRESS.key().equals(event.field("key"))) {
                progress.update(event, verbose);
            } else if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        progress.finish();
        if (all) {
            ctx.out().println(ctx.messages().get(MessageKey.LOGOFF_MASS_DONE, result.field("count", "0")));
        }
        return 0;
    }

    /** One line redrawn in place on a terminal ("Logged off 120/500"), or nothing elsewhere. */
    private static final class Progress {
        private final CommandContext ctx;
        private final boolean live;
        private boolean drawn;

        Progress(CommandContext ctx, boolean live) {
            this.ctx = ctx;
            this.live = live;
        }

        void update(Message event, boolean verbose) {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            } else if (live) {
                ctx.out().print("\r" + ctx.messages().get(MessageKey.LOGOFF_MASS_BAR, event.field("arg0"), event.field("arg1")));
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
