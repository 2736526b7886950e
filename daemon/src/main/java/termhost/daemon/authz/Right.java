package termhost.daemon.authz;

/**
 * The ten special rights of the RDS permission model, with their Windows bit values
 * (WTS_SECURITY_*): what a caller may do to a session that is not their own.
 */
public enum Right {
    QUERY_INFORMATION("query-information", 0x1),
    SET_INFORMATION("set-information", 0x2),
    RESET("reset", 0x4),
    VIRTUAL_CHANNELS("virtual-channels", 0x8),
    REMOTE_CONTROL("remote-control", 0x10),
    LOGON("logon", 0x20),
    LOGOFF("logoff", 0x40),
    MESSAGE("message", 0x80),
    CONNECT("connect", 0x100),
    DISCONNECT("disconnect", 0x200);

    private final String stableName;
    private final int bit;

    Right(String stableName, int bit) {
        this.stableName = stableName;
        this.bit = bit;
    }

    public String stableName() {
        return stableName;
    }

    public int bit() {
        return bit;
    }

    /** The name administrators type and see: {@code QueryInformation}, {@code Logoff}, ... */
    public String displayName() {
        StringBuilder sb = new StringBuilder();
        for (String part : stableName.split("-")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
