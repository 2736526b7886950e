package termhost.daemon.authz;

import java.util.EnumSet;
import java.util.Set;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;

/**
 * Decides whether a caller holds a right over a session. The rules of the RDS model: a user has
 * every right on their own session; otherwise the rights come from presets: Full Control for root
 * and the group {@code termhost-admins}, User Access for everyone else.
 *
 * <p>Stored grants and denies to users and groups come with the full permission model; this class
 * is where they will be consulted, so every check already goes through here.
 */
public final class AccessPolicy {
    public static final String ADMIN_GROUP = "termhost-admins";

    /** Guest Access: log on only. */
    public static final Set<Right> GUEST_ACCESS = EnumSet.of(Right.LOGON);
    /** User Access: log on, see sessions, send messages, connect. */
    public static final Set<Right> USER_ACCESS = EnumSet.of(Right.LOGON, Right.QUERY_INFORMATION, Right.MESSAGE,
            Right.CONNECT);
    /** Full Control: everything. */
    public static final Set<Right> FULL_CONTROL = EnumSet.allOf(Right.class);

    private final OsUsers users;

    public AccessPolicy(OsUsers users) {
        this.users = users;
    }

    /**
     * @param caller the user asking (null when the kernel gave a uid with no account)
     * @param sessionOwnerUid the owner of the session acted on, or null for no session (host-wide)
     */
    public boolean allows(int callerUid, OsUser caller, Right right, Integer sessionOwnerUid) {
        if (sessionOwnerUid != null && sessionOwnerUid == callerUid) {
            return true;
        }
        return effectiveRights(callerUid, caller).contains(right);
    }

    /** The rights a caller has over sessions that are not their own. */
    public Set<Right> effectiveRights(int callerUid, OsUser caller) {
        if (callerUid == 0) {
            return FULL_CONTROL;
        }
        if (caller == null) {
            return EnumSet.noneOf(Right.class);
        }
        if (users.groupNames(caller).contains(ADMIN_GROUP)) {
            return FULL_CONTROL;
        }
        return USER_ACCESS;
    }

    /** Full Control over the host: changing policies, reading the audit log. */
    public boolean isAdministrator(int callerUid, OsUser caller) {
        return effectiveRights(callerUid, caller).equals(FULL_CONTROL);
    }
}
