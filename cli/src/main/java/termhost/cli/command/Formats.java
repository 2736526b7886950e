package termhost.cli.command;

import termhost.api.MessageKey;
import termhost.cli.Syntax;

/** {@code /format:json} (or {@code /format:table}, the default) of the listing commands. */
final class Formats {
    private Formats() {
    }

    static boolean json(Syntax syntax) {
        String f = syntax.value("format").orElse("table").toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "json" -> true;
            case "table" -> false;
            default -> throw Syntax.usage(MessageKey.ERROR_BAD_FORMAT, "unknown format " + f, f);
        };
    }
}
