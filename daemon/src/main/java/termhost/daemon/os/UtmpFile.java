package termhost.daemon.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A utmp or wtmp file, written as glibc writes it: under a POSIX lock of the whole file (the lock
 * glibc's readers and writers take, so {@code who} never reads half an entry), never created (a
 * missing file means the host keeps no such records, as glibc and sshd take it). Not thread-safe:
 * POSIX locks belong to the process, so the caller lets one thread at a time in.
 */
final class UtmpFile {
    /**
     * How long to wait for another process's lock. Readers hold it for microseconds; any user may
     * open utmp and hold a read lock for ever, which must not hold up logons (glibc gives up after
     * 10 s and writes nothing; so do we, sooner).
     */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(1);
    private static final long RETRY_NANOS = Duration.ofMillis(5).toNanos();

    private final Path path;

    UtmpFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * As pututxline(3): into the entry of the same terminal, else at the end. False when the file
     * does not exist.
     */
    boolean put(UtmpRecord r) throws IOException {
        return write(ch -> {
            List<UtmpRecord> all = readAll(ch);
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).sameTerminal(r)) {
                    ch.write(ByteBuffer.wrap(r.encode()), (long) i * UtmpRecord.SIZE);
                    return;
                }
            }
            appendTo(ch, r);
        });
    }

    /**
     * Puts {@code next} in the place of {@code current}, only if that entry still holds
     * {@code current}'s logon (a logon after it on the same terminal keeps its entry). False when
     * it does not, or the file does not exist.
     */
    boolean replace(UtmpRecord current, UtmpRecord next) throws IOException {
        boolean[] replaced = {false};
        boolean exists = write(ch -> {
            List<UtmpRecord> all = readAll(ch);
            for (int i = 0; i < all.size(); i++) {
                UtmpRecord r = all.get(i);
                if (r.type() == UtmpRecord.USER_PROCESS && r.pid() == current.pid() && r.id().equals(current.id())
                        && r.line().equals(current.line())) {
                    ch.write(ByteBuffer.wrap(next.encode()), (long) i * UtmpRecord.SIZE);
                    replaced[0] = true;
                    return;
                }
            }
        });
        return exists && replaced[0];
    }

    /** As updwtmpx(3): at the end. False when the file does not exist. */
    boolean append(UtmpRecord r) throws IOException {
        return write(ch -> appendTo(ch, r));
    }

    /** Every entry, in file order; empty when the file does not exist. */
    List<UtmpRecord> read() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                FileLock lock = lock(ch, true)) {
            return readAll(ch);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private interface Change {
        void apply(FileChannel ch) throws IOException;
    }

    private boolean write(Change change) throws IOException {
        // no CREATE: who makes these files (systemd-tmpfiles, the installer) also chooses their owner and mode
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = lock(ch, false)) {
            change.apply(ch);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void appendTo(FileChannel ch, UtmpRecord r) throws IOException {
        // after a torn entry (a writer killed mid-write), at the next whole one, as glibc does
        long end = ch.size() - ch.size() % UtmpRecord.SIZE;
        ch.truncate(end);
        ch.write(ByteBuffer.wrap(r.encode()), end);
    }

    private static List<UtmpRecord> readAll(FileChannel ch) throws IOException {
        int count = (int) Math.min(ch.size() / UtmpRecord.SIZE, Integer.MAX_VALUE / UtmpRecord.SIZE);
        ByteBuffer b = ByteBuffer.allocate(count * UtmpRecord.SIZE);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // a read may return less than asked
        }
        List<UtmpRecord> all = new ArrayList<>(count);
        for (int i = 0; i < b.position() / UtmpRecord.SIZE; i++) {
            all.add(UtmpRecord.decode(b.array(), i * UtmpRecord.SIZE));
        }
        return all;
    }

    private FileLock lock(FileChannel ch, boolean shared) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock = ch.tryLock(0, Long.MAX_VALUE, shared);
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(path + ": locked by another process for over " + LOCK_WAIT.toMillis() + " ms");
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }
}
