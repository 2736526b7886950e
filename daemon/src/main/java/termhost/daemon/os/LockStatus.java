package termhost.daemon.os;

/** Whether an account may log on, as far as {@code /etc/shadow} tells. */
public enum LockStatus {
    /** Neither locked nor expired. */
    OK,
    /** The password field starts with {@code '!'} or is {@code *LK*} ({@code passwd -l}, {@code usermod -L}). */
    LOCKED,
    /** The account expiry date (field 8) is before today. */
    EXPIRED,
    /** Shadow is unreadable, or has no line for the user (e.g. an LDAP account): no verdict. */
    UNKNOWN
}
