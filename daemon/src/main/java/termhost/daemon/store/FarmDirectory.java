package termhost.daemon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import termhost.api.SessionKind;
import termhost.api.SessionState;

/**
 * The farm's shared directory (issue #15; reference/farm.md §3, §5): the hosts with their leases
 * and epochs, every host's sessions keyed by (host, id), and every host's audit records. Each
 * host publishes its own sessions here; its local {@link Store} stays their authority.
 *
 * <p>Leases run on the directory's clock, never a host's. A host's <b>epoch</b> is its fencing
 * token: registering bumps it, and so does marking a host lost. Every session write names the
 * epoch its host holds and is refused, in the same transaction, when the directory's differs or
 * the host is not up: a host paused past its lease cannot overwrite what happened meanwhile; it
 * learns it was fenced and registers again.
 *
 * <p>Every method throws {@link StoreException} when the directory cannot be reached or refuses;
 * the next call tries to connect again. Calls are serialised; one host uses one directory object.
 */
public interface FarmDirectory extends AutoCloseable {
    /** This host as the directory lists it. */
    record Host(String id, String farm, int weight) {
    }

    /** A session as the farm lists it, with its host's liveness (up and within its lease). */
    record Listed(String host, boolean hostUp, int id, SessionKind kind, SessionState state, int ownerUid,
            String ownerName, String clientAddress, Instant logonTime, Instant disconnectTime) {
    }

    /**
     * Registers {@code host} as up with a lease of {@code lease} and a new epoch, and replaces all of
     * its sessions in the directory with {@code sessions}, in one transaction. Returns the new epoch.
     */
    long register(Host host, Duration lease, List<SessionStore.Row> sessions);

    /** Adds or replaces one session of {@code host}; false, writing nothing, when {@code epoch} is fenced. */
    boolean put(String host, long epoch, SessionStore.Row session);

    /** Removes one session of {@code host}; false, writing nothing, when {@code epoch} is fenced. */
    boolean remove(String host, long epoch, int sessionId);

    /** Extends the lease to now + {@code lease}; false when {@code epoch} is fenced (the host must register again). */
    boolean renew(String host, long epoch, Duration lease);

    /** Marks every up host whose lease has run out lost, bumping its epoch; the hosts so marked. */
    List<String> sweep();

    /** Marks {@code host} stopped at a clean stop (its sessions stay listed, shown down); a fenced epoch does nothing. */
    void stopped(String host, long epoch);

    /** The number of the last audit record of {@code host}'s store {@code storeId} held here (0: none). */
    long lastAudit(String host, String storeId);

    /** Adds audit records of {@code host}'s store {@code storeId}; records already held are skipped. */
    void addAudit(String host, String storeId, List<AuditEntry> entries);

    /** Every session of the hosts of {@code farm}, by host then id. */
    List<Listed> sessions(String farm);

    /** Ends the connection; calls after it connect again. A second call does nothing. */
    @Override
    void close();
}
