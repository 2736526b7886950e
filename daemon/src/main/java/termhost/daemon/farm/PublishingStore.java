package termhost.daemon.farm;

import java.time.Instant;
import java.util.List;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.HostSettingsStore;
import termhost.daemon.store.PermissionStore;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.Store;

/**
 * The local store, unchanged, that also tells the farm what it wrote: each session write and audit
 * record, once committed locally, is marked in {@link SessionChanges} for {@link FarmMember} to
 * publish. The local write never waits for the directory, so a directory that is slow or gone
 * never delays or refuses a logon, a reconnect or a logoff.
 */
public final class PublishingStore implements Store {
    private final Store local;
    private final SessionChanges changes;
    private final SessionStore sessions;
    private final AuditLog audit;

    PublishingStore(Store local, SessionChanges changes) {
        this.local = local;
        this.changes = changes;
        this.sessions = new Sessions();
        this.audit = new Audit();
    }

    private final class Sessions implements SessionStore {
        @Override
        public void insert(Row r) {
            local.sessions().insert(r);
            changes.session(r.id());
        }

        @Override
        public void updateState(int id, SessionState state, Instant disconnectTime, String clientAddress) {
            local.sessions().updateState(id, state, disconnectTime, clientAddress);
            changes.session(id);
        }

        @Override
        public void delete(int id) {
            local.sessions().delete(id);
            changes.session(id);
        }

        @Override
        public void deleteRecorded(int id, AuditEvent logoff) {
            local.sessions().deleteRecorded(id, logoff);
            changes.session(id);
        }

        @Override
        public List<Row> all() {
            return local.sessions().all();
        }
    }

    private final class Audit implements AuditLog {
        @Override
        public void record(AuditEvent e) {
            local.audit().record(e);
            changes.audit();
        }

        @Override
        public List<AuditEvent> recent(int limit) {
            return local.audit().recent(limit);
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
        return local.permissions();
    }

    @Override
    public HostSettingsStore hostSettings() {
        return local.hostSettings();
    }

    @Override
    public List<AuditEntry> auditAfter(long seq, int limit) {
        return local.auditAfter(seq, limit);
    }

    @Override
    public void close() {
        local.close();
    }
}
