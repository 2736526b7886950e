package termhost.daemon.os;

/**
 * One OS account as the name service reports it.
 *
 * <p>{@code name} is the canonical name libc returned, which may differ in case from the name
 * asked for (case-insensitive NSS back ends); use it, not the requested name, from then on.
 */
public record OsUser(String name, int uid, int gid, String home, String shell) {
}
