package termhost.daemon.store;

/**
 * The store could not do what was asked: the disk is full or read-only, the database is gone or
 * refuses. Thrown at the store's edge in place of the driver's own exceptions, so no JDBC type
 * leaves the store; the message says what was being stored and why it failed, e.g.
 * {@code cannot store session 3: [SQLITE_FULL] database or disk is full}.
 */
public class StoreException extends RuntimeException {
    public StoreException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
