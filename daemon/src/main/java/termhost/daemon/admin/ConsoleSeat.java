package termhost.daemon.admin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine's local console (session 1): who is logged on at a text console or the system
 * console, from utmp. termhost shows it and never logs it off.
 */
public final class ConsoleSeat {
    private static final int RECORD = 384;
    private static final int USER_PROCESS = 7;

    private final Path utmp;

    public ConsoleSeat(Path utmp) {
        this.utmp = utmp;
    }

    public static ConsoleSeat system() {
        return new ConsoleSeat(Path.of("/var/run/utmp"));
    }

    /** The user logged on at a console line (tty1..tty63 or console), if any. */
    public Optional<String> user() {
        byte[] data;
        try {
            data = Files.readAllBytes(utmp);
        } catch (IOException e) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        for (int off = 0; off + RECORD <= data.length; off += RECORD) {
            int type = b.getInt(off);
            String line = cString(data, off + 8, 32);
            String user = cString(data, off + 44, 32);
            if (type == USER_PROCESS && !user.isEmpty() && (line.matches("tty\\d+") || line.equals("console"))) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }

    private static String cString(byte[] data, int off, int max) {
        int end = off;
        while (end < off + max && data[end] != 0) {
            end++;
        }
        return new String(data, off, end - off, StandardCharsets.UTF_8);
    }
}
