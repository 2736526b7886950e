package termhost.daemon.session;

/**
 * Who caused a transition, for the audit log: a user (by name and uid) and where the request came
 * from ({@code ssh 127.0.0.1:51234}, {@code local pid 4711}, {@code policy}).
 */
public record Actor(String name, Integer uid, String source) {
    /** The daemon itself (start-up re-adoption, reaping, policies). */
    public static Actor daemon(String why) {
        return new Actor("termhost", null, why);
    }
}
