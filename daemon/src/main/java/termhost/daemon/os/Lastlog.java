package termhost.daemon.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /var/log/lastlog}: each user's last logon, {@code struct lastlog} (292 bytes: a 32-bit
 * time, the line, the host) at the offset uid × 292, as login(1) and sshd keep it and
 * {@code lastlog} reads it. A missing file means the host keeps none (Debian 13 replaced it by
 * lastlog2): nothing is read or written then.
 */
final class Lastlog {
    static final int SIZE = 292;
    private static final int LINE = 4;
    private static final int LINE_SIZE = 32;
    private static final int HOST = 36;
    private static final int HOST_SIZE = 256;

    private final Path path;

    Lastlog(Path path) {
        this.path = path;
    }

    /** The last logon of {@code uid}, if one was recorded. */
    Optional<LoginRecords.LastLogin> read(int uid) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
            long at = offsetOf(uid);
            while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                // a read may return less than asked; past the end is a user never seen
            }
            int seconds = b.getInt(0);
            if (b.position() < SIZE || seconds == 0) {
                return Optional.empty();
            }
            return Optional.of(new LoginRecords.LastLogin(Instant.ofEpochSecond(Integer.toUnsignedLong(seconds)),
                    UtmpRecord.get(b, LINE, LINE_SIZE), UtmpRecord.get(b, HOST, HOST_SIZE)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Records a logon of {@code uid}; false when the host keeps no lastlog. */
    boolean write(int uid, LoginRecords.LastLogin e) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, (int) e.time().getEpochSecond());
        UtmpRecord.put(b, LINE, LINE_SIZE, e.line());
        UtmpRecord.put(b, HOST, HOST_SIZE, e.host());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            // a sparse file: the users between keep their holes
            ch.write(b, offsetOf(uid));
            return true;
        } catch (NoSuchFileException x) {
            return false;
        }
    }

    private static long offsetOf(int uid) {
        return Integer.toUnsignedLong(uid) * SIZE;
    }
}
