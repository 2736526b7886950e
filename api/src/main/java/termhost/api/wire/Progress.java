package termhost.api.wire;

import java.util.List;
import java.util.Objects;
import termhost.api.MessageKey;

/**
 * A progress {@code event} of a long operation (for {@code /v}): a text of the commands' words and
 * its arguments. The daemon names the text; the command words it in the caller's language.
 */
public record Progress(MessageKey key, List<String> args) {
    private static final String KEY = "key";
    private static final String ARG = "arg";

    public Progress {
        Objects.requireNonNull(key, "key");
        args = List.copyOf(args);
    }

    public Message toMessage() {
        Message.Builder b = Message.builder(Message.EVENT).put(KEY, key.key());
        Fields.putNumbered(b, ARG, args);
        return b.build();
    }

    /** @throws IllegalArgumentException for a key this side does not know (a daemon of another version) */
    public static Progress fromMessage(Message m) {
        return new Progress(MessageKey.fromKey(Fields.text(m.fields(), KEY)), Fields.numbered(m.fields(), ARG));
    }
}
