package termhost.daemon.process;

import java.util.Arrays;
import java.util.List;
import termhost.api.MessageKey;

/**
 * One step of a long operation, for {@code /v}: a text of the commands' words and its arguments.
 * The daemon does not word it; the command prints it in the caller's language.
 */
public record Step(MessageKey key, List<String> args) {
    public static Step of(MessageKey key, Object... args) {
        return new Step(key, Arrays.stream(args).map(String::valueOf).toList());
    }
}
