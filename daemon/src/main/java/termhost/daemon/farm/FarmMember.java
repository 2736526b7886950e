package termhost.daemon.farm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;

/**
 * This host's side of the farm's directory, one {@link #step} at a time (the caller's thread runs
 * it, {@link Farm} in production, a test with its own clock otherwise):
 *
 * <ul>
 *   <li>not registered: register (a new epoch) and publish every local session, in one transaction;
 *   <li>then publish each session the local store changed, guarded by the epoch;
 *   <li>every heartbeat: renew the lease, and mark hosts past theirs lost;
 *   <li>copy the audit records the directory lacks, from the local log, which is the outbox: a copy
 *       resumes after the last record the directory holds, so an outage loses none.
 * </ul>
 *
 * A refused write or renewal means this host was fenced (marked lost while paused or cut off):
 * it registers again, republishing the truth of its local store over whatever the directory holds.
 * A directory that fails is retried with back-off; the first failure of an outage is logged as a
 * warning, the return as information. After an outage the host registers again, which rebuilds its
 * part of the directory. Not thread-safe: one thread steps.
 */
final class FarmMember {
    private static final Logger log = LoggerFactory.getLogger(FarmMember.class);
    static final String STORE_ID = "farm.store-id";
    private static final int AUDIT_BATCH = 500;

    private final FarmSettings settings;
    private final FarmDirectory directory;
    private final Store local;
    private final SessionChanges changes;
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    /** 0: not registered (at start, after an outage, when fenced); read by other threads through {@link #registered}. */
    private volatile long epoch;
    private Instant heartbeatDue = Instant.MIN;
    /** The last audit record the directory holds; -1: unknown (ask it). */
    private long copied = -1;
    private String storeId;
    private String outage;

    FarmMember(FarmSettings settings, FarmDirectory directory, Store local, SessionChanges changes) {
        this.settings = settings;
        this.directory = directory;
        this.local = local;
        this.changes = changes;
    }

    /** Does what is due at {@code now}; returns when to step next (sooner if {@link SessionChanges} wakes). */
    Instant step(Instant now) {
        try {
            if (epoch == 0) {
                register();
            }
            publishChanges();
            if (!now.isBefore(heartbeatDue)) {
                heartbeat(now);
                heartbeatDue = now.plus(settings.heartbeat());
            }
            copyAudit();
            if (outage != null) {
                log.info("farm directory reached again: host {} registered (epoch {}), sessions and audit records"
                        + " published", settings.host(), epoch);
                outage = null;
            }
            backoff.reset();
            return heartbeatDue;
        } catch (StoreException e) {
            epoch = 0; // the directory is rebuilt from the local store when it returns
            copied = -1;
            if (outage == null) {
                log.warn("farm directory unavailable: {}; sessions, logons and logoffs go on here, retrying",
                        e.getMessage());
            }
            outage = e.getMessage();
            return now.plus(backoff.next());
        }
    }

    /** The epoch this host holds, 0 when it is not registered. */
    long epoch() {
        return epoch;
    }

    /** Whether this host holds an epoch now: registered, and not since cut off from the directory. */
    boolean registered() {
        return epoch != 0;
    }

    boolean inOutage() {
        return outage != null;
    }

    private void register() {
        changes.take(); // the whole local store is published now, whatever was marked
        List<SessionStore.Row> rows = local.sessions().all();
        epoch = directory.register(new FarmDirectory.Host(settings.host(), settings.name(), settings.weight()),
                settings.lease(), rows);
        log.info("farm {}: host {} registered (epoch {}), {} sessions published", settings.name(), settings.host(),
                epoch, rows.size());
    }

    private void publishChanges() {
        for (int id : changes.take()) {
            Optional<SessionStore.Row> row = local.sessions().all().stream().filter(r -> r.id() == id).findFirst();
            boolean held = row.isPresent() ? directory.put(settings.host(), epoch, row.get())
                    : directory.remove(settings.host(), epoch, id);
            if (!held) {
                fenced();
                return;
            }
        }
    }

    private void heartbeat(Instant now) {
        if (!directory.renew(settings.host(), epoch, settings.lease())) {
            fenced();
        }
        List<String> lost = directory.sweep();
        if (!lost.isEmpty()) {
            log.warn("farm {}: host(s) {} missed their lease and are marked lost; their sessions show Down",
                    settings.name(), String.join(", ", lost));
            for (String host : lost) {
                // who saw it and when: the marking host's own log, copied up with the rest
                local.audit().record(new AuditEvent(now, AuditType.FARM_HOST_LOST, "termhost", null,
                        "farm host " + settings.host(), null, null, "success",
                        "host " + host + " of farm " + settings.name() + " missed its lease: marked lost"));
            }
        }
    }

    /** The directory refused this host's epoch: it was marked lost meanwhile; register again. */
    private void fenced() {
        log.warn("farm {}: host {} was fenced (epoch {} is stale: marked lost while paused or cut off);"
                + " registering again", settings.name(), settings.host(), epoch);
        register();
    }

    private void copyAudit() {
        if (storeId == null) {
            storeId = local.hostSettings().get(STORE_ID).orElseGet(() -> {
                String id = UUID.randomUUID().toString();
                local.hostSettings().put(STORE_ID, id);
                return id;
            });
        }
        if (copied < 0) {
            copied = directory.lastAudit(settings.host(), storeId);
        }
        List<AuditEntry> batch;
        while (!(batch = local.auditAfter(copied, AUDIT_BATCH)).isEmpty()) {
            directory.addAudit(settings.host(), storeId, batch);
            copied = batch.get(batch.size() - 1).seq();
        }
    }

    /** At a clean stop: marks this host stopped, if it is registered and the directory answers. */
    void leave() {
        if (epoch != 0) {
            try {
                copyAudit();
                directory.stopped(settings.host(), epoch);
            } catch (StoreException e) {
                log.warn("cannot mark host {} stopped in the farm directory: {}", settings.host(), e.getMessage());
            }
        }
    }
}
