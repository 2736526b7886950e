package termhost.daemon.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * One entry of utmp and wtmp as glibc lays it out on Linux ({@code struct utmp}, 384 bytes on
 * both 32- and 64-bit: the 64-bit ABI keeps {@code ut_session} and {@code ut_tv} 32 bits wide for
 * compatibility), in the machine's byte order. {@code who}, {@code w} and {@code last} read these
 * files with that struct.
 *
 * @param line the terminal without {@code /dev/}, e.g. {@code pts/3}
 * @param id the terminal's short name, {@link #idOf}
 * @param address the client's IPv4 (4 bytes, then zeros) or IPv6 (16 bytes) address, or empty
 */
public record UtmpRecord(short type, int pid, String line, String id, String user, String host, byte[] address,
        Instant time) {
    public static final int SIZE = 384;
    public static final short USER_PROCESS = 7;
    public static final short DEAD_PROCESS = 8;
    private static final short INIT_PROCESS = 5;
    private static final short LOGIN_PROCESS = 6;
    private static final int LINE = 8;
    private static final int LINE_SIZE = 32;
    private static final int ID = 40;
    private static final int USER = 44;
    private static final int USER_SIZE = 32;
    private static final int HOST = 76;
    private static final int HOST_SIZE = 256;
    private static final int TV = 340;
    private static final int ADDRESS = 348;

    public UtmpRecord {
        // as the file holds them: 16 address bytes, microseconds
        address = Arrays.copyOf(address == null ? new byte[0] : address, 16);
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The {@code ut_id} OpenSSH and login(1) give a terminal: the last four characters of its line
     * ({@code pts/3} is {@code ts/3}). Entries are found by it, so a later logon on the same
     * terminal takes over the entry.
     */
    public static String idOf(String line) {
        return line.length() <= 4 ? line : line.substring(line.length() - 4);
    }

    /** The line of a terminal's device path: {@code /dev/pts/3} is {@code pts/3}. */
    public static String lineOf(String tty) {
        return tty.startsWith("/dev/") ? tty.substring(5) : tty;
    }

    /** The logout entry of this logon, as logout(3) writes it: who and from where cleared. */
    public UtmpRecord ended(Instant when) {
        return new UtmpRecord(DEAD_PROCESS, pid, line, id, "", "", address, when);
    }

    /** True when pututxline(3) would put {@code other} in this entry's place: a process entry of the same id. */
    boolean sameTerminal(UtmpRecord other) {
        boolean process = type == INIT_PROCESS || type == LOGIN_PROCESS || type == USER_PROCESS
                || type == DEAD_PROCESS;
        return process && id.equals(other.id);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.putShort(0, type);
        b.putInt(4, pid);
        put(b, LINE, LINE_SIZE, line);
        put(b, ID, 4, id);
        put(b, USER, USER_SIZE, user);
        put(b, HOST, HOST_SIZE, host);
        b.putInt(TV, (int) time.getEpochSecond());
        b.putInt(TV + 4, time.getNano() / 1000);
        b.put(ADDRESS, address);
        return b.array();
    }

    static UtmpRecord decode(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, SIZE).slice().order(ByteOrder.nativeOrder());
        Instant time = Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt(TV)), b.getInt(TV + 4) * 1000L);
        byte[] address = new byte[16];
        b.get(ADDRESS, address);
        return new UtmpRecord(b.getShort(0), b.getInt(4), get(b, LINE, LINE_SIZE), get(b, ID, 4),
                get(b, USER, USER_SIZE), get(b, HOST, HOST_SIZE), address, time);
    }

    /** As strncpy: cut to the field, NUL-padded, no terminator when it fills the field. */
    static void put(ByteBuffer b, int at, int size, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.put(at, bytes, 0, Math.min(bytes.length, size));
    }

    /** A NUL-padded field, which may fill its size without a terminator. */
    static String get(ByteBuffer b, int at, int size) {
        byte[] bytes = new byte[size];
        b.get(at, bytes);
        int len = 0;
        while (len < size && bytes[len] != 0) {
            len++;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtmpRecord r && type == r.type && pid == r.pid && line.equals(r.line) && id.equals(r.id)
                && user.equals(r.user) && host.equals(r.host) && Arrays.equals(address, r.address)
                && time.equals(r.time);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * line.hashCode() + pid) + type;
    }

    @Override
    public String toString() {
        return "utmp[type " + type + ", pid " + pid + ", " + line + " (" + id + "), " + user + " from " + host + " at "
                + time + "]";
    }
}
