package termhost.daemon.authz;

/** Who an entry is for: one OS user, one OS group (members through the host), or everyone. */
public record Principal(Kind kind, String name) {
    public enum Kind {
        USER("user"),
        GROUP("group"),
        EVERYONE("everyone");

        private final String stableName;

        Kind(String stableName) {
            this.stableName = stableName;
        }

        public String stableName() {
            return stableName;
        }

        public static Kind fromStableName(String s) {
            for (Kind k : values()) {
                if (k.stableName.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown principal kind: " + s);
        }
    }

    public static final Principal EVERYONE = new Principal(Kind.EVERYONE, "*");

    /** {@code alice} is a user, {@code @staff} a group, {@code *} everyone. */
    public static Principal parse(String s) {
        if (s.equals("*")) {
            return EVERYONE;
        }
        if (s.startsWith("@") && s.length() > 1) {
            return new Principal(Kind.GROUP, s.substring(1));
        }
        return new Principal(Kind.USER, s);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case USER -> name;
            case GROUP -> "@" + name;
            case EVERYONE -> "*";
        };
    }
}
