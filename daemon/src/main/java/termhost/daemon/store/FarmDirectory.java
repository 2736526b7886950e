package termhost.daemon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    /**
     * This host as the directory lists it.
     *
     * @param logonMode its logon mode as {@code change logon} names it ({@code enable}, {@code drain}...)
     */
    /**
     * A host as it registers: {@code storeId} is its local store's id, the same across its
     * restarts, which tells it from another daemon given the same name (null: none known).
     */
    record Host(String id, String farm, int weight, String logonMode, String storeId) {
        /** A host that takes new sessions. */
        public Host(String id, String farm, int weight) {
            this(id, farm, weight, "enable", null);
        }

        public Host(String id, String farm, int weight, String logonMode) {
            this(id, farm, weight, logonMode, null);
        }
    }

    /**
     * A session as the farm lists it, with its host's liveness (up and within its lease), and its name
     * and last input as its host last published them (once a heartbeat: empty and null until then).
     */
    record Listed(String host, boolean hostUp, int id, SessionKind kind, SessionState state, int ownerUid,
            String ownerName, String clientAddress, Instant logonTime, Instant disconnectTime, String name,
            Instant lastInput) {
    }

    /** What a host's sessions did since the last heartbeat: each one's name ({@code ssh#N}, empty when none) and last input. */
    record Activity(int id, String name, Instant lastInput) {
    }

    /**
     * A host of a farm with its state ({@code up}, {@code lost}, {@code stopped}; an {@code up} host past
     * its lease not yet swept shows {@code lost}) and its logon mode as {@code change logon} names it.
     */
    record HostMode(String host, String state, String logonMode) {
    }

    /**
     * Registers {@code host} as up with a lease of {@code lease} and a new epoch, and replaces all of
     * its sessions in the directory with {@code sessions}, in one transaction. Returns the new epoch;
     * or 0, writing nothing, when the name is held by another store's host that is up within its
     * lease: two daemons given one name would otherwise fence each other at every registration.
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

    /**
     * Answers every command {@code host} claimed and never answered with {@code outcome}, waking each
     * caller: for a host just marked lost, whose callers need not wait out their time. How many.
     */
    int answerClaimed(String host, Map<String, String> outcome);

    /** Deletes the answered commands done more than {@code retention} ago; how many. */
    int purgeCommands(Duration retention);

    /** Deletes the copied audit records older than {@code retention}, on the directory's clock; how many. */
    long purgeAudit(Duration retention);

    /** Publishes {@code host}'s logon mode ({@code change logon}'s name); false, writing nothing, when {@code epoch} is fenced. */
    boolean logonMode(String host, long epoch, String mode);

    /** Publishes the names and last inputs of {@code host}'s sessions; false, writing nothing, when {@code epoch} is fenced. */
    boolean activity(String host, long epoch, List<Activity> sessions);

    /** Every host of {@code farm} with its state and logon mode, by name. */
    List<HostMode> hosts(String farm);

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
