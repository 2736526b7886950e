package termhost.daemon.store;

import java.util.List;
import termhost.daemon.audit.AuditLog;

/**
 * Everything the daemon keeps across restarts: its sessions (for re-adoption), the audit log, the
 * permission entries and host settings changed at run time. One implementation per engine: SQLite
 * is the embedded one, each host's authority for its own sessions. Every implementation passes
 * {@code StoreComplianceTest}; each method throws {@link StoreException} when the engine refuses.
 *
 * <p>Writes that return have happened: audit records and deletions are durable (on disk) before
 * their call returns; session rows inserted or updated survive a crash of the daemon, not
 * necessarily of the machine (after which no session process survives either).
 */
public interface Store extends AutoCloseable {
    SessionStore sessions();

    AuditLog audit();

    PermissionStore permissions();

    HostSettingsStore hostSettings();

    /** Up to {@code limit} audit records that follow the one numbered {@code seq} (0: from the first), oldest first. */
    List<AuditEntry> auditAfter(long seq, int limit);

    /** Releases the engine; calls after it throw {@link StoreException}. A second call does nothing. */
    @Override
    void close();
}
