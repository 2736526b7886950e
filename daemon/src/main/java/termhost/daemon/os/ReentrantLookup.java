package termhost.daemon.os;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Runs one {@code get*_r} call, doubling its string buffer while libc answers ERANGE.
 *
 * <p>The buffer a record needs is unknowable in advance (a group with thousands of members, a
 * long GECOS from LDAP), so start small and grow; the cap keeps a broken NSS module that always
 * says ERANGE from making us allocate without bound.
 */
final class ReentrantLookup {
    private static final int INITIAL_SIZE = 1024;
    private static final int MAX_SIZE = 16 << 20;

    /** The shape shared by getpwnam_r, getpwuid_r, getgrnam_r and getgrgid_r. */
    interface Call {
        int invoke(Pointer buf, NativeLong buflen, PointerByReference result);
    }

    private ReentrantLookup() {
    }

    /**
     * @return true if an entry was found (the structure passed to the call is then filled),
     *     false if the name service has no such entry
     * @throws ErrnoException when the name service fails (other than "not found")
     */
    static boolean run(String what, Call call) throws ErrnoException {
        for (int size = INITIAL_SIZE; ; size *= 2) {
            try (Memory buf = new Memory(size)) {
                PointerByReference result = new PointerByReference();
                int rc = call.invoke(buf, new NativeLong(size), result);
                if (rc == Errno.ERANGE && size < MAX_SIZE) {
                    continue;
                }
                // glibc reports "not found" as rc 0 with a null result, but some NSS modules
                // return ENOENT (or ESRCH, EBADF, EPERM per the man page) for the same thing.
                if (rc == 0 || isNotFound(rc)) {
                    return rc == 0 && result.getValue() != null;
                }
                throw new ErrnoException(what, rc);
            }
        }
    }

    private static boolean isNotFound(int rc) {
        return rc == Errno.ENOENT || rc == Errno.ESRCH || rc == Errno.EBADF || rc == Errno.EPERM;
    }
}
