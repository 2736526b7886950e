package termhost.daemon.store.jdbc;

import java.sql.SQLException;
import java.util.List;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.HostSettingsStore;
import termhost.daemon.store.PermissionStore;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;

/**
 * The store over JDBC, the same tables and statements whatever the engine; what differs (the
 * connection's set-up, durability switches, migration scripts) is the engine's {@link Dialect}.
 */
public final class JdbcStore implements Store {
    private final Database db;
    private final JdbcAuditLog audit;
    private final JdbcSessionStore sessions;
    private final JdbcPermissionStore permissions;
    private final JdbcHostSettingsStore hostSettings;

    public JdbcStore(Database db) {
        this.db = db;
        this.audit = new JdbcAuditLog(db);
        this.sessions = new JdbcSessionStore(db, audit);
        this.permissions = new JdbcPermissionStore(db);
        this.hostSettings = new JdbcHostSettingsStore(db);
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
    public List<AuditEntry> auditAfter(long seq, int limit) {
        return audit.after(seq, limit);
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
