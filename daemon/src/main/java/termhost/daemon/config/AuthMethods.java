package termhost.daemon.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code auth.methods} setting, with OpenSSH's {@code AuthenticationMethods} meaning: lists
 * separated by spaces, any one of which logs a user on; each list names methods separated by
 * commas, all of which must succeed in that order. {@code publickey,keyboard-interactive} is a
 * key, then PAM's questions (a password and a one-time code); the key alone earns "partial
 * success" and the rest of the list.
 */
public record AuthMethods(List<List<Method>> lists) {
    public enum Method {
        PUBLICKEY("publickey"),
        PASSWORD("password"),
        KEYBOARD_INTERACTIVE("keyboard-interactive");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the SSH protocol (RFC 4252) and in the setting. */
        public String wireName() {
            return wireName;
        }

        /** Asks the host's PAM stack. */
        public boolean usesPam() {
            return this != PUBLICKEY;
        }
    }

    public AuthMethods {
        if (lists.isEmpty() || lists.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("no method named");
        }
        lists = lists.stream().map(List::copyOf).toList();
    }

    /** Parses the setting's text; an unknown method is named with the known ones. */
    public static AuthMethods parse(String text) {
        List<List<Method>> lists = new ArrayList<>();
        for (String list : text.trim().split("\\s+")) {
            if (list.isEmpty()) {
                continue;
            }
            List<Method> methods = new ArrayList<>();
            for (String name : list.split(",", -1)) {
                methods.add(Arrays.stream(Method.values()).filter(m -> m.wireName.equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown method '" + name + "' (known: "
                                + Arrays.stream(Method.values()).map(Method::wireName).collect(Collectors.joining(", "))
                                + ")")));
            }
            lists.add(methods);
        }
        return new AuthMethods(lists);
    }

    /** Every method some list names: the ones the server offers. */
    public Set<Method> named() {
        Set<Method> all = EnumSet.noneOf(Method.class);
        lists.forEach(all::addAll);
        return all;
    }

    public boolean usePam() {
        return named().stream().anyMatch(Method::usesPam);
    }

    /** As the setting is written, and as MINA's {@code auth-methods} property takes it. */
    @Override
    public String toString() {
        return lists.stream().map(l -> l.stream().map(Method::wireName).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }
}
