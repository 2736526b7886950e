package termhost.daemon.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * Which loggers write at which level: termhost's own at INFO, every library (MINA, BouncyCastle,
 * sqlite-jdbc) at WARN, so a normal start writes only termhost's lines. {@code $TERMHOST_LOG}
 * changes it: a comma-separated list of {@code LEVEL} (termhost's own loggers) and
 * {@code PREFIX=LEVEL} (the loggers named PREFIX or PREFIX.*; the longest prefix wins), the
 * levels being {@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace} and {@code off};
 * e.g. {@code TERMHOST_LOG=debug,org.apache.sshd=info}.
 *
 * @param rules prefix and its threshold, longest prefix first; "" matches every name
 * @param refused the items of the variable that were not understood, for one warning at start
 */
public record LogLevels(List<Rule> rules, List<String> refused) {
    public static final String VARIABLE = "TERMHOST_LOG";
    private static final String OWN = "termhost";
    /** Above ERROR: nothing is written. */
    static final int OFF = Level.ERROR.toInt() + 10;

    /** One prefix and the lowest level written for it ({@link #OFF}: none). */
    public record Rule(String prefix, int threshold) {
    }

    public LogLevels {
        rules = rules.stream().sorted(Comparator.comparingInt((Rule r) -> r.prefix().length()).reversed()).toList();
        refused = List.copyOf(refused);
    }

    /** The defaults, changed by {@code $TERMHOST_LOG} when it is set in {@code env}. */
    public static LogLevels fromEnvironment(Map<String, String> env) {
        return parse(env.getOrDefault(VARIABLE, ""));
    }

    static LogLevels parse(String spec) {
        List<Rule> rules = new ArrayList<>(List.of(new Rule("", Level.WARN.toInt()),
                new Rule(OWN, Level.INFO.toInt())));
        List<String> refused = new ArrayList<>();
        for (String item : spec.split(",")) {
            String it = item.strip();
            if (it.isEmpty()) {
                continue;
            }
            int eq = it.indexOf('=');
            String prefix = eq < 0 ? OWN : it.substring(0, eq).strip();
            Optional<Integer> threshold = threshold(eq < 0 ? it : it.substring(eq + 1));
            if (threshold.isEmpty() || (eq >= 0 && prefix.isEmpty())) {
                refused.add(it);
                continue;
            }
            rules.removeIf(r -> r.prefix().equals(prefix));
            rules.add(new Rule(prefix, threshold.get()));
        }
        return new LogLevels(rules, refused);
    }

    private static Optional<Integer> threshold(String level) {
        String l = level.strip().toUpperCase(Locale.ROOT);
        if (l.equals("OFF")) {
            return Optional.of(OFF);
        }
        for (Level known : Level.values()) {
            if (known.name().equals(l)) {
                return Optional.of(known.toInt());
            }
        }
        return Optional.empty();
    }

    /** The lowest level the logger named {@code name} writes ({@link #OFF}: none). */
    public int thresholdOf(String name) {
        for (Rule r : rules) {
            if (r.prefix().isEmpty() || name.equals(r.prefix()) || name.startsWith(r.prefix() + ".")) {
                return r.threshold();
            }
        }
        return Level.WARN.toInt();
    }
}
