package termhost.daemon.os;

import java.io.IOException;

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
}
