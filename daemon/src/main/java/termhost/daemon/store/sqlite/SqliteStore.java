package termhost.daemon.store.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.store.HostSettingsStore;
import termhost.daemon.store.PermissionStore;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;

/**
 * The embedded store: one SQLite file (WAL; synchronous=FULL for what must be durable), with
 * versioned migrations applied at open. One connection: SQLite serialises writers anyway, and the
 * daemon's writes are few and small.
 */
public final class SqliteStore implements Store {
    private final Database db;
    private final SqliteAuditLog audit;
    private final SqliteSessionStore sessions;
    private final SqlitePermissionStore permissions;
    private final SqliteHostSettingsStore hostSettings;

    private SqliteStore(Database db) {
        this.db = db;
        this.audit = new SqliteAuditLog(db);
        this.sessions = new SqliteSessionStore(db, audit);
        this.permissions = new SqlitePermissionStore(db);
        this.hostSettings = new SqliteHostSettingsStore(db);
    }

    /** Opens (making it if needed) and migrates the database in {@code file}. */
    public static SqliteStore open(Path file) {
        try {
            return new SqliteStore(Database.openSqlite(file));
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file, e);
        }
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public PermissionStore permissions() {
        return permissions;
    }

    @Override
    public HostSettingsStore hostSettings() {
        return hostSettings;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store", e);
        }
    }
}
