package termhost.daemon.store.postgresql;

import java.sql.SQLException;
import termhost.daemon.store.JdbcUrls;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.jdbc.Database;

/**
 * One connection to the farm's database, made on first use and dropped after any failure, so the
 * next call connects again: what the directory and the command table each hold. Not thread-safe:
 * its owner serialises the calls.
 */
final class Reconnecting implements AutoCloseable {
    private final String url;
    /** What the database is to its owner, for messages: "the farm directory". */
    private final String role;
    private Database db;

    Reconnecting(String url, String role) {
        this.url = url;
        this.role = role;
    }

    /** Runs {@code work} in one transaction, connecting first if needed; a failure is a {@link StoreException}. */
    <T> T run(String what, Database.Work<T> work) {
        try {
            if (db == null) {
                db = PostgresStore.openDatabase(url);
            }
            return db.transaction(work);
        } catch (SQLException | RuntimeException e) {
            close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot " + what + " in " + role + " " + JdbcUrls.redacted(url),
                    e instanceof SQLException ? e : new SQLException(e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                // the connection is being dropped anyway
            }
            db = null;
        }
    }
}
