package termhost.daemon.audit;

/**
 * The kinds of audit event, with the Windows events they mirror (LSM 21/23/24/25/39, Security
 * 4624/4634/4778/4779). The stable name is what is stored and shown.
 */
public enum AuditType {
    LOGON("session.logon"),
    LOGON_REFUSED("session.logon-refused"),
    RECONNECT("session.reconnect"),
    DISCONNECT("session.disconnect"),
    LOGOFF("session.logoff"),
    MESSAGE("session.message"),
    /** A forwarded port or socket opened for a session (success), or refused (denied, failed). */
    PORT_FORWARD("session.port-forward"),
    ACCESS_DENIED("access.denied"),
    PERMISSION_CHANGE("permission.change"),
    LOGON_MODE("logon.mode"),
    /** An SFTP subsystem opened (with its mode) or refused, with the reason: RDS drive redirection. */
    FILE_TRANSFER("redirect.files"),
    /** Agent forwarding ({@code -A}) refused, with the reason. */
    AGENT_FORWARD("redirect.agent"),
    /**
     * A command for a session on another host of the farm: on the caller's host {@code requested},
     * then its answer; on the session's host what running it gave (success, denied, failed).
     */
    FARM_COMMAND("farm.command"),
    /** This host's sweep marked another host lost (it missed its lease): who saw it, and when. */
    FARM_HOST_LOST("farm.host-lost"),
    /** On an entry host: a logon relayed to the host holding the user's session (success), or that failed. */
    FARM_RELAY("farm.relay"),
    /** On the holding host: a logon another host of the farm relayed here, with its key and client. */
    FARM_RELAYED_LOGON("farm.relayed-logon"),
    DAEMON_START("daemon.start"),
    DAEMON_STOP("daemon.stop");

    private final String stableName;

    AuditType(String stableName) {
        this.stableName = stableName;
    }

    public String stableName() {
        return stableName;
    }

    public static AuditType fromStableName(String name) {
        for (AuditType t : values()) {
            if (t.stableName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown audit type: " + name);
    }
}
