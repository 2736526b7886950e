package termhost.cli.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
        // no lambdas on this path: linking one is milliseconds of the command's start (Transport)
        Syntax syntax = Syntax.parse(args, Set.of("v"), Set.of("server", "state"));
        String target = syntax.singleTarget().orElse(null);
        if (target != null) {
            checkTarget(target);
        }
        target = farmTarget(syntax).orElse(target);
        if (required && target == null) {
            throw Syntax.usage(MessageKey.ERROR_SESSION_REQUIRED, "a session name or ID is required");
        }
        boolean all = "*".equals(target);
        if (syntax.has("state") && (!all || operation == Operation.DISCONNECT)) {
            throw Syntax.usage(MessageKey.LOGOFF_ERROR_STATE_NEEDS_ALL, "/state: only with * (every session)",
                    "/state");
        }
        String state = syntax.value("state").orElse(null);
        Optional<String> farm = all ? farmAll(syntax) : Optional.empty();
        ProgressLine line = new ProgressLine(ctx, all, syntax.has("v"), farm.isPresent());
        Reply result = ctx.transport().call(request(farm.orElse(target),
                state == null ? null : state.toLowerCase(Locale.ROOT)), line);
        line.finish();
        if (all) {
            int count = result instanceof LogoffReply.Mass mass ? mass.count() : 0;
            ctx.out().println(ctx.messages().get(MessageKey.LOGOFF_MASS_DONE, Integer.toString(count)));
        }
        return 0;
    }

    @Override
    public boolean reachesFarm(List<String> args) {
        Syntax syntax = Syntax.parse(args, Set.of("v"), Set.of("server", "state"));
        return farmTarget(syntax).isPresent() || (operation != Operation.DISCONNECT && farmAll(syntax).isPresent());
    }

    /**
     * {@code * /server:FARM} as {@code FARM:*}: every session of the farm this host is in, each ended by
     * its host; empty for any other line. A daemon in no farm of that name answers not found, and the
     * command then goes to FARM over SSH, as {@code logoff * /server:NAME} does outside a farm.
     */
    private static Optional<String> farmAll(Syntax syntax) {
        Optional<String> server = syntax.value("server");
        if (server.isEmpty() || server.get().contains(":") || !"*".equals(syntax.singleTarget().orElse(null))) {
            return Optional.empty();
        }
        return Optional.of(server.get() + ":*");
    }

    /**
     * {@code ID /server:HOST} as {@code HOST:ID}, the session's name in the farm, which the daemon
     * reaches through the farm when HOST is another host of its farm; empty for any other line
     * (no id, {@code *}, a {@code NAME:PORT} server), which {@code /server:} sends over SSH.
     */
    private static Optional<String> farmTarget(Syntax syntax) {
        return farmTarget(syntax.value("server"), syntax.singleTarget().orElse(null));
    }

    /** {@code target} on {@code server} as {@code HOST:ID}, when it is an id and the server a plain name. */
    static Optional<String> farmTarget(Optional<String> server, String target) {
        if (server.isEmpty() || server.get().contains(":") || target == null || !digits(target, 0)) {
            return Optional.empty();
        }
        return Optional.of(server.get() + ":" + target);
    }

    private Request<?> request(String target, String state) {
        return switch (operation) {
            case LOGOFF -> new LogoffRequest(target, state);
            case RESET -> new ResetRequest(target, state);
            case DISCONNECT -> new DisconnectRequest(target);
            default -> throw new IllegalStateException(operation + " does not act on one session");
        };
    }

    /**
     * What the daemon's progress events print: with {@code /v} each event's line; for {@code *} on a
     * terminal one line redrawn in place ("Logged off 120/500"); for a farm's {@code *}, each session's
     * line as its host answers, on a terminal or not (which failed matters, and a host takes seconds);
     * else nothing.
     */
    private static final class ProgressLine implements Consumer<Progress> {
        private final CommandContext ctx;
        private final boolean all;
        private final boolean verbose;
        private final boolean live;
        private final boolean farm;
        private boolean drawn;

        /** @param farm for every session of a farm: each session's line as its host answers, always */
        ProgressLine(CommandContext ctx, boolean all, boolean verbose, boolean farm) {
            this.ctx = ctx;
            this.all = all;
            this.verbose = verbose;
            this.live = all && ctx.interactive() && !farm;
            this.farm = farm;
        }

        @Override
        public void accept(Progress event) {
            if (verbose || (farm && event.key() == MessageKey.LOGOFF_MASS_PROGRESS)) {
                ctx.out().println(Events.text(event, ctx.messages()));
            } else if (all && live && event.key() == MessageKey.LOGOFF_MASS_PROGRESS) {
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
        boolean negative = t.startsWith("-") && digits(t, 1);
        if (negative || (digits(t, 0) && (t.length() > 10 || Long.parseLong(t) > Integer.MAX_VALUE))) {
            throw Syntax.usage(MessageKey.ERROR_ID_OUT_OF_RANGE, "session ID out of range: " + t, t);
        }
        if (t.isBlank()) {
            throw Syntax.usage(MessageKey.ERROR_EMPTY_SESSION_NAME, "empty session name");
        }
    }

    /** True when {@code s} has ASCII digits from {@code from} on, and at least one: a regex's \d+ without a regex. */
    private static boolean digits(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
