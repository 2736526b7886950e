package termhost.daemon.farm;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.ErrorReply;
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
 *   <li>its logon mode ({@code change logon}) as soon as it changes, so the farm's routing sees it;
 *   <li>every heartbeat: renew the lease, and mark hosts past theirs lost, answering the commands
 *       they took and never answered with {@code Error [1722]}; publish the sessions' names and
 *       idle times (never per keystroke); at most once a {@link #PURGE_EVERY}, delete the answered
 *       commands older than {@code farm.command-retention};
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
    /** How often old commands are deleted: a heartbeat of seconds need not run a DELETE each time. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);

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
    /** Whether the last registration found the name held by another daemon (said once until it is free). */
    private boolean nameTaken;
    private String outage;
    private Instant purgeDue = Instant.MIN;
    /** This host's logon mode as {@code change logon} names it, asked at each step. */
    private volatile Supplier<String> logonMode = () -> "enable";
    private String publishedMode;
    /** The live sessions' names and last inputs, asked at each heartbeat. */
    private volatile Supplier<List<FarmDirectory.Activity>> activity = List::of;
    /** What the directory holds of each session's activity, as far as this host published it. */
    private final Map<Integer, FarmDirectory.Activity> publishedActivity = new HashMap<>();

    FarmMember(FarmSettings settings, FarmDirectory directory, Store local, SessionChanges changes) {
        this.settings = settings;
        this.directory = directory;
        this.local = local;
        this.changes = changes;
    }

    /** Where the logon mode is read (its {@code change logon} switch name); set before the first step. */
    void logonMode(Supplier<String> mode) {
        this.logonMode = mode;
    }

    /** Where the live sessions' names and last inputs are read; set before the first step. */
    void activity(Supplier<List<FarmDirectory.Activity>> live) {
        this.activity = live;
    }

    /** Does what is due at {@code now}; returns when to step next (sooner if {@link SessionChanges} wakes). */
    Instant step(Instant now) {
        try {
            if (epoch == 0 && !register()) {
                return now.plus(settings.heartbeat()); // the name is another daemon's while it is up
            }
            Set<Integer> changed = publishChanges();
            publishLogonMode();
            boolean beat = !now.isBefore(heartbeatDue);
            if (beat) {
                heartbeat(now);
                heartbeatDue = now.plus(settings.heartbeat());
            }
            // a session just written shows its new name at once; idle times wait for the heartbeat
            publishActivity(beat ? null : changed);
            copyAudit();
            if (outage != null) {
                log.info("farm directory reached again: host {} registered (epoch {}), sessions and audit records"
                        + " published", settings.host(), epoch);
                outage = null;
            }
            backoff.reset();
            return heartbeatDue;
        } catch (NameHeld e) {
            return now.plus(settings.heartbeat());
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

    /** Registers this host and publishes its store; false when another daemon holds its name. */
    private boolean register() {
        // taken before the read: a change made meanwhile is marked again, never lost; if the name is
        // held, nothing is lost either, as the registration that succeeds publishes the whole store
        changes.take();
        List<SessionStore.Row> rows = local.sessions().all();
        String mode = logonMode.get();
        long e = directory.register(new FarmDirectory.Host(settings.host(), settings.name(), settings.weight(), mode,
                storeId()), settings.lease(), rows);
        if (e == 0) {
            if (!nameTaken) {
                log.error("farm {}: host name {} is held by another daemon that is up (is farm.host the same on two"
                        + " hosts?); this host stays out of the farm's directory until that one's lease ends, and"
                        + " its sessions go on here", settings.name(), settings.host());
                nameTaken = true;
            }
            return false;
        }
        if (nameTaken) {
            log.info("farm {}: host name {} is free again", settings.name(), settings.host());
            nameTaken = false;
        }
        epoch = e;
        publishedActivity.clear();
        publishedMode = mode;
        log.info("farm {}: host {} registered (epoch {}), {} sessions published", settings.name(), settings.host(),
                epoch, rows.size());
        return true;
    }

    /** The ids written; after a fence, none (the registration published everything). */
    private Set<Integer> publishChanges() {
        Set<Integer> taken = changes.take();
        if (taken.isEmpty()) {
            return taken;
        }
        // one read of the store for the batch, after the take: a row written since is marked again
        Map<Integer, SessionStore.Row> rows = new HashMap<>();
        local.sessions().all().forEach(r -> rows.put(r.id(), r));
        for (int id : taken) {
            SessionStore.Row row = rows.get(id);
            boolean held = row != null ? directory.put(settings.host(), epoch, row)
                    : directory.remove(settings.host(), epoch, id);
            if (!held) {
                fenced();
                return Set.of();
            }
            publishedActivity.remove(id); // a row written anew: its name and input go with it
        }
        return taken;
    }

    private void publishLogonMode() {
        String mode = logonMode.get();
        if (mode.equals(publishedMode)) {
            return;
        }
        if (directory.logonMode(settings.host(), epoch, mode)) {
            log.info("farm {}: host {} publishes its logon mode: {}", settings.name(), settings.host(), mode);
            publishedMode = mode;
        } else {
            fenced();
        }
    }

    /** The activity of the sessions {@code only} names (null: every live one) that differs from what was published. */
    private void publishActivity(Collection<Integer> only) {
        if (only != null && only.isEmpty()) {
            return;
        }
        List<FarmDirectory.Activity> live = activity.get();
        List<FarmDirectory.Activity> changed = live.stream()
                .filter(a -> only == null || only.contains(a.id()))
                .filter(a -> !a.equals(publishedActivity.get(a.id()))).toList();
        if (only == null) {
            Set<Integer> ids = new java.util.HashSet<>();
            live.forEach(a -> ids.add(a.id()));
            publishedActivity.keySet().retainAll(ids);
        }
        if (changed.isEmpty()) {
            return;
        }
        if (!directory.activity(settings.host(), epoch, changed)) {
            fenced();
            return;
        }
        changed.forEach(a -> publishedActivity.put(a.id(), a));
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
                // a command it took may never be answered: its caller hears so now, not at its time-out
                int answered = directory.answerClaimed(host, lostAnswer(host));
                if (answered > 0) {
                    log.warn("farm {}: {} command(s) taken by {} answered Error [1722]", settings.name(), answered,
                            host);
                }
                // who saw it and when: the marking host's own log, copied up with the rest
                local.audit().record(new AuditEvent(now, AuditType.FARM_HOST_LOST, "termhost", null,
                        "farm host " + settings.host(), null, null, "success",
                        "host " + host + " of farm " + settings.name() + " missed its lease: marked lost"));
            }
        }
        purge(now);
    }

    /** What the caller of a command taken by lost {@code host} is told: unavailable (Error [1722]). */
    static Map<String, String> lostAnswer(String host) {
        return FarmCommands.encode(ErrorReply.of(new TermhostException(ErrorCategory.UNAVAILABLE,
                MessageKey.ERROR_FARM_HOST_LOST, "host " + host + " was marked lost before it answered", host))
                .toMessage());
    }

    /**
     * Deletes the answered commands and the copied audit records past their retentions, at most once
     * a {@link #PURGE_EVERY}: any host may, the deletes are the same whoever runs them.
     */
    private void purge(Instant now) {
        if (now.isBefore(purgeDue)) {
            return;
        }
        purgeDue = now.plus(PURGE_EVERY);
        int purged = directory.purgeCommands(settings.commandRetention());
        if (purged > 0) {
            log.info("farm {}: {} answered command(s) older than {} deleted", settings.name(), purged,
                    settings.commandRetention());
        }
        if (!settings.auditRetention().isZero()) {
            long records = directory.purgeAudit(settings.auditRetention());
            if (records > 0) {
                log.info("farm {}: {} copied audit record(s) older than {} deleted from the directory", settings.name(),
                        records, settings.auditRetention());
            }
        }
    }

    /** The directory refused this host's epoch: it was marked lost meanwhile; register again. */
    private void fenced() {
        log.warn("farm {}: host {} was fenced (epoch {} is stale: marked lost while paused or cut off);"
                + " registering again", settings.name(), settings.host(), epoch);
        epoch = 0;
        if (!register()) {
            throw new NameHeld(); // the rest of this step has no epoch to write with
        }
    }

    /** Registration found this host's name held by another daemon: the step ends, to try again later. */
    private static final class NameHeld extends RuntimeException {
        NameHeld() {
            super(null, null, false, false);
        }
    }

    /** The local store's id, made at the first ask and kept in it: this daemon's, across its restarts. */
    private String storeId() {
        if (storeId == null) {
            storeId = local.hostSettings().get(STORE_ID).orElseGet(() -> {
                String id = UUID.randomUUID().toString();
                local.hostSettings().put(STORE_ID, id);
                return id;
            });
        }
        return storeId;
    }

    private void copyAudit() {
        if (copied < 0) {
            copied = directory.lastAudit(settings.host(), storeId());
        }
        List<AuditEntry> batch;
        while (!(batch = local.auditAfter(copied, AUDIT_BATCH)).isEmpty()) {
            directory.addAudit(settings.host(), storeId(), batch);
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
