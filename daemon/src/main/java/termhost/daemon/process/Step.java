package termhost.daemon.process;

import java.util.Arrays;
import java.util.List;

/**
 * One step of a long operation, for {@code /v}: a message key of the commands' words and its
 * arguments. The daemon does not word it; the command prints it in the caller's language.
 */
public record Step(String key, List<String> args) {
    public static Step of(String key, Object... args) {
        return new Step(key, Arrays.stream(args).map(String::valueOf).toList());
    }
}
