package termhost.daemon.os;

/**
 * Whether an account may log on by key, as far as {@code /etc/shadow} tells (see {@link ShadowFile}
 * for the rules and why).
 */
public enum LockStatus {
    /** Neither locked nor expired; includes accounts whose password was never set ({@code !} alone, {@code *}). */
    OK,
    /** Locked by {@code passwd -l} or {@code usermod -L}: {@code '!'} before a hash or {@code *}; or {@code *LK*}. */
    LOCKED,
    /** The account expiry date (field 8, {@code chage -E}) is past. */
    EXPIRED,
    /** Shadow is unreadable, or has no line for the user (e.g. an LDAP account): no verdict. */
    UNKNOWN
}
