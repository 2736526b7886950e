package termhost.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import termhost.api.DeliveryOutcome;
import termhost.api.MessageKey;
import termhost.api.op.Delivery;
import termhost.api.op.MessageReply;
import termhost.api.op.MessageRequest;
import termhost.cli.CommandContext;
import termhost.cli.Syntax;
import termhost.cli.text.Events;

/**
 * {@code msg {<username> | <sessionname> | <sessionID> | @<filename> | *} [/server:<servername>]
 * [/time:<seconds>] [/v] [/w] [<message>]}: the message from the rest of the line, or from
 * standard input when there is none. {@code @file} holds recipients, one per line.
 */
public final class Msg implements Command {
    @Override
    public List<String> words() {
        return List.of("msg");
    }

    @Override
    public MessageKey helpKey() {
        return MessageKey.HELP_MSG;
    }

    @Override
    public boolean reachesFarm(List<String> args) {
        Syntax syntax = Syntax.parse(args, Set.of("v", "w"), Set.of("server", "time"));
        List<String> words = syntax.positionals();
        return !words.isEmpty() && SessionVerb.farmTarget(syntax.value("server"), words.get(0)).isPresent();
    }

    @Override
    public int run(List<String> args, CommandContext ctx) {
        Syntax syntax = Syntax.parse(args, Set.of("v", "w"), Set.of("server", "time"));
        List<String> words = syntax.positionals();
        if (words.isEmpty()) {
            throw Syntax.usage(MessageKey.MSG_ERROR_NO_RECIPIENT, "name a user, a session or *");
        }
        List<String> recipients = recipients(SessionVerb.farmTarget(syntax.value("server"), words.get(0))
                .orElse(words.get(0)));
        String text = words.size() > 1 ? String.join(" ", words.subList(1, words.size())) : readStdin(ctx);
        MessageRequest request = new MessageRequest(recipients, text, syntax.has("w"),
                syntax.value("time").orElse(null));
        boolean verbose = syntax.has("v");
        MessageReply result = ctx.transport().call(request, event -> {
            if (verbose) {
                ctx.out().println(Events.text(event, ctx.messages()));
            }
        });
        int code = 0;
        if (syntax.has("w")) {
            for (Delivery d : result.deliveries()) {
                ctx.out().println(ctx.messages().get(waitText(d.outcome()), Integer.toString(d.id()), d.user()));
            }
        }
        for (Delivery d : result.deliveries()) {
            if (d.outcome() == DeliveryOutcome.FAILED) {
                ctx.err().println(ctx.messages().get(MessageKey.MSG_V_FAILED, Integer.toString(d.id()), d.user()));
                code = 1;
            }
        }
        return code;
    }

    /** What {@code /w} says of each session. */
    private static MessageKey waitText(DeliveryOutcome outcome) {
        return switch (outcome) {
            case SHOWN -> MessageKey.MSG_W_SHOWN;
            case ACKNOWLEDGED -> MessageKey.MSG_W_ACKNOWLEDGED;
            case TIMED_OUT -> MessageKey.MSG_W_TIMED_OUT;
            case QUEUED -> MessageKey.MSG_W_QUEUED;
            case FAILED -> MessageKey.MSG_W_FAILED;
        };
    }

    private static List<String> recipients(String word) {
        if (!word.startsWith("@")) {
            return List.of(word);
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(word.substring(1)), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
            if (names.isEmpty()) {
                throw Syntax.usage(MessageKey.MSG_ERROR_EMPTY_FILE, "no recipients in " + word.substring(1),
                        word.substring(1));
            }
            return names;
        } catch (IOException e) {
            throw Syntax.usage(MessageKey.MSG_ERROR_FILE, "cannot read " + word.substring(1) + ": " + e.getMessage(),
                    word.substring(1));
        }
    }

    private static String readStdin(CommandContext ctx) {
        try {
            byte[] b = ctx.in().readNBytes(64 * 1024);
            return new String(b, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            return "";
        }
    }
}
