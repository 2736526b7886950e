package termhost.daemon.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Looks at files as their user would, as sshd reads {@code authorized_keys} (auth2-pubkey.c,
 * temporarily_use_uid): the calling thread's filesystem uid and gid (setfsuid(2), setfsgid(2))
 * become the user's for the action, so the kernel checks every path and open as for the user. A
 * root-squashed NFS home, which root cannot enter, can then be read, and a file its owner made
 * unreadable is not read. Only this thread changes, and only its filesystem ids; the supplementary
 * groups stay the daemon's.
 */
public final class FilesystemIdentity {
    /** What is done as the user. */
    public interface Action<T> {
        T run() throws IOException;
    }

    private FilesystemIdentity() {
    }

    /** Runs {@code action} with this thread's filesystem ids those of {@code uid} and {@code gid}. */
    public static <T> T as(int uid, int gid, Action<T> action) throws IOException {
        if (Posix.geteuid() != 0) {
            return action.run(); // not root: already nobody else's
        }
        int formerGid = DirectLibc.setfsgid(gid); // the group first, while still privileged
        int formerUid = DirectLibc.setfsuid(uid);
        try {
            // setfsuid reports no error: an invalid id (-1) changes nothing and returns the current one
            if (DirectLibc.setfsuid(-1) != uid || DirectLibc.setfsgid(-1) != gid) {
                throw new IOException("cannot take the filesystem identity of uid " + uid + " gid " + gid);
            }
            return action.run();
        } finally {
            DirectLibc.setfsuid(formerUid);
            DirectLibc.setfsgid(formerGid);
        }
    }

    /**
     * Writes {@code text} to a new file {@code file}, mode 0600, as the user {@code uid}/{@code gid}
     * would: for a file the daemon puts in a directory of the user's (a session's), where whatever
     * is at that name is the user's doing. It is removed first, as the user, and the new file made
     * without following a link, so a link the user planted there reaches nothing of anyone else's:
     * root writing there, or changing an owner there, would write or give away the link's target.
     */
    public static void writeNew(int uid, int gid, Path file, String text) throws IOException {
        as(uid, gid, () -> {
            Files.deleteIfExists(file);
            try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            return null;
        });
    }
}
