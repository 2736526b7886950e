package termhost.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/**
 * Windows command-line syntax: switches start with {@code /}, are case-insensitive and may carry a
 * value after a colon ({@code /server:NAME}); everything else is a positional argument.
 *
 * <p>Parsing checks the switches against the set the command knows, so an unknown switch is a
 * usage error that names it rather than something silently ignored.
 */
public final class Syntax {
    private final Map<String, String> switches;
    private final List<String> positionals;

    private Syntax(Map<String, String> switches, List<String> positionals) {
        this.switches = switches;
        this.positionals = positionals;
    }

    /**
     * @param flags switches without a value (e.g. {@code v}), lower case
     * @param valued switches that need a value (e.g. {@code server}), lower case
     */
    public static Syntax parse(List<String> args, Set<String> flags, Set<String> valued) {
        Map<String, String> switches = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("/") && arg.length() > 1) {
                String body = arg.substring(1);
                int colon = body.indexOf(':');
                String name = (colon < 0 ? body : body.substring(0, colon)).toLowerCase(Locale.ROOT);
                String value = colon < 0 ? null : body.substring(colon + 1);
                if (name.equals("?")) {
                    switches.put("?", "");
                } else if (flags.contains(name)) {
                    if (value != null) {
                        throw usage(MessageKey.ERROR_SWITCH_TAKES_NO_VALUE, "switch " + arg + " takes no value", arg);
                    }
                    switches.put(name, "");
                } else if (valued.contains(name)) {
                    if (value == null || value.isEmpty()) {
                        throw usage(MessageKey.ERROR_SWITCH_NEEDS_VALUE, "switch " + arg + " needs a value", arg);
                    }
                    if (switches.containsKey(name)) {
                        throw usage(MessageKey.ERROR_SWITCH_TWICE, "switch /" + name + " given twice", "/" + name);
                    }
                    switches.put(name, value);
                } else {
                    throw usage(MessageKey.ERROR_UNKNOWN_SWITCH, "unknown switch " + arg, arg);
                }
            } else {
                positionals.add(arg);
            }
        }
        return new Syntax(switches, positionals);
    }

    public boolean has(String name) {
        return switches.containsKey(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(switches.get(name));
    }

    public List<String> positionals() {
        return positionals;
    }

    /** At most one positional argument (a session name or ID, a user name): more is an error. */
    public Optional<String> singleTarget() {
        if (positionals.size() > 1) {
            throw usage(MessageKey.ERROR_TOO_MANY_ARGUMENTS, "too many arguments: " + String.join(" ", positionals),
                    String.join(" ", positionals));
        }
        return positionals.isEmpty() ? Optional.empty() : Optional.of(positionals.get(0));
    }

    public static TermhostException usage(MessageKey key, String detail, String... args) {
        return new TermhostException(ErrorCategory.INVALID_ARGUMENT, key, detail, args);
    }
}
