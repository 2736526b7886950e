package termhost.daemon.control;

/**
 * Who is on the other end of a control connection, as the kernel recorded it at connect time
 * (SO_PEERCRED). Unlike anything in the request, the peer cannot forge these.
 */
public record PeerCredentials(int pid, int uid, int gid) {
}
