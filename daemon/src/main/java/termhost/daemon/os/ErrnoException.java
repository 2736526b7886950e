package termhost.daemon.os;

import java.io.IOException;

/**
 * A failed system call, carrying its errno so callers can react to one value (say
 * {@link Errno#EAGAIN}) without parsing the message.
 */
public final class ErrnoException extends IOException {
    private final int errno;

    /**
     * @param operation what was attempted, with its subject, e.g. {@code "chmod 666 /run/x"}
     */
    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
