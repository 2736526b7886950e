package termhost.daemon.farm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.config.RelaySettings;
import termhost.daemon.os.OsUser;
import termhost.daemon.store.FarmLogons;
import termhost.daemon.store.StoreException;

/**
 * Relayed logons (issue #15, items 2 and 5): on an entry host, where an interactive logon goes
 * ({@link #route}); on a holding host, whether a logon another host relays here is admitted
 * ({@link #admit}). The SSH side of both is the transport's; the rules and the audit are here.
 *
 * <p>A relayed logon is admitted only (a) from a key pinned for the claimed host in the root-owned
 * {@code farm.pinned-keys} file, (b) for a host that is up in the directory, (c) for the same user
 * on both sides, with the same uid (the relaying host sends the client user as {@code name#uid}: a
 * name that is another person's on another host must not reach this one's sessions), (d) never for
 * root unless {@code farm.relay-root}; the Logon right and the logon mode are then checked again
 * here, as for any logon. Thread-safe.
 */
public final class FarmRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FarmRelay.class);

    /**
     * Where a logon goes: another host, reached at {@code address}:{@code port} (as it published
     * {@code sshAddress}); {@code reconnect}: the user's session is there (else a new one is made there).
     */
    public record Route(String host, String sshAddress, String address, int port, boolean reconnect) {
        /** The route to {@code host} at {@code sshAddress} ({@code host:port}, {@code [v6]:port}); empty if that is no address. */
        static Optional<Route> to(String host, String sshAddress, boolean reconnect) {
            int colon = sshAddress == null ? -1 : sshAddress.lastIndexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            try {
                int port = Integer.parseInt(sshAddress.substring(colon + 1));
                String address = sshAddress.substring(0, colon).replaceAll("^\\[|\\]$", "");
                return port > 0 && port < 65536 && !address.isEmpty()
                        ? Optional.of(new Route(host, sshAddress, address, port, reconnect)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** Why a relayed logon is refused, or null (then {@code host} is the relaying host). */
    public record Admission(String host, String refusal) {
        public boolean admitted() {
            return refusal == null;
        }
    }

    private final FarmSettings farm;
    private final RelaySettings settings;
    private final FarmLogons logons;
    private final AuditLog audit;
    private final Clock clock;
    private volatile String endpoint;
    private volatile boolean published;

    public FarmRelay(FarmSettings farm, RelaySettings settings, FarmLogons logons, AuditLog audit, Clock clock) {
        this.farm = farm;
        this.settings = settings;
        this.logons = logons;
        this.audit = audit;
        this.clock = clock;
    }

    /** This host's name in the farm: what it claims as the client host of the logons it relays. */
    public String host() {
        return farm.host();
    }

    /** Whether this host relays and admits relayed logons at all ({@code farm.pinned-keys} set). */
    public boolean enabled() {
        return settings.pinnedKeys().isPresent();
    }

    /** Publishes where this host's SSH listener is reached, now and again until the directory took it. */
    public void listening(String sshAddress) {
        endpoint = sshAddress;
        publishEndpoint();
    }

    private void publishEndpoint() {
        if (published || endpoint == null || !enabled()) {
            return;
        }
        try {
            logons.publishEndpoint(farm.host(), endpoint, settings.sessionLimit());
            published = true;
        } catch (StoreException e) {
            log.warn("farm: cannot publish this host's SSH address {} yet: {}", endpoint, e.getMessage());
        }
    }

    /**
     * Where an interactive logon of {@code user} goes: empty for this host, else the host to relay
     * it to. Only the farm's rules refuse ({@link Refused}); anything that goes wrong on the way
     * (the directory unreachable or failing, the pinned keys unusable, an address that is none)
     * keeps the logon here, logged: availability wins, as with sshproxy's non-mandatory etcd.
     */
    public Optional<Route> route(String user) throws Refused {
        if (!enabled()) {
            return Optional.empty();
        }
        try {
            publishEndpoint();
            pinnedKeys(); // no usable file: no relaying from here, since no host could be trusted
        } catch (IOException | RuntimeException e) {
            log.warn("farm: logons stay on this host: cannot use the pinned keys: {}", e.getMessage());
            return Optional.empty();
        }
        FarmLogons.Routed routed;
        try {
            routed = logons.route(farm.name(), user, snapshot -> LogonRouting.choose(farm.host(), snapshot));
        } catch (RuntimeException e) { // a StoreException, or any other failure of the directory's code
            log.warn("farm: cannot route the logon of {} ({}); it stays on this host", user, e.toString());
            return Optional.empty();
        }
        Optional<FarmLogons.HostLoad> elsewhere = routed.target().filter(h -> !h.host().equals(farm.host()));
        Optional<Route> route = elsewhere.flatMap(h -> Route.to(h.host(), h.sshAddress(), routed.reconnect()));
        if (elsewhere.isPresent() && route.isEmpty()) {
            log.warn("farm: host {} published no usable SSH address ({}): the logon of {} stays on this host",
                    elsewhere.get().host(), LogonGate.printable(String.valueOf(elsewhere.get().sshAddress())), user);
            routeFailed(user);
        }
        if (!routed.unreachableHolders().isEmpty()) {
            String where = String.join(", ", routed.unreachableHolders());
            if (settings.onLostHost() == RelaySettings.OnLostHost.REFUSE) {
                routeFailed(user);
                throw new Refused("it is on host " + where + ", which is lost or stopped; log on again when it is"
                        + " back (farm.on-lost-host=refuse)");
            }
            log.info("farm: the session of {} is on {}, which is lost or stopped: a new session on {}", user, where,
                    route.map(Route::host).orElse(farm.host()));
        }
        return route;
    }

    /** A logon refused by the farm's rules, with the reason for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** The relay of {@code user}'s logon failed: its reservation no longer counts. */
    public void routeFailed(String user) {
        try {
            logons.settled(user);
        } catch (StoreException e) {
            log.debug("cannot drop the pending logon of {}: {}", user, e.getMessage());
        }
    }

    /** The pinned keys, read now (the file is the authority: a host unpinned there is refused at once). */
    public PinnedKeys pinnedKeys() throws IOException {
        Path file = settings.pinnedKeys().orElseThrow(() -> new IOException("farm.pinned-keys is empty"));
        PinnedKeys keys = PinnedKeys.read(file);
        keys.skipped().forEach(why -> log.warn("{} {}", file, why));
        return keys;
    }

    /** How a relaying host names the user it relays: {@code name#uid}, the uid as it resolves the name. */
    public static String clientUser(String name, int uid) {
        return name + "#" + uid;
    }

    /**
     * Whether a logon of {@code user} ({@code uid} here) relayed by {@code claimedHost} (the
     * hostbased request's client host, trailing dot allowed) for {@code clientUser} (as
     * {@link #clientUser} spells it), signed with {@code keyType key}, is admitted: (a) to (d) of
     * this class. The Logon right is the caller's to check (the logon gate).
     */
    public Admission admit(String claimedHost, String keyType, String key, String clientUser, String user,
            int uid) {
        String named = LogonGate.printable(claimedHost);
        String host = named.endsWith(".") ? named.substring(0, named.length() - 1) : named;
        String from = "relayed logon (hostbased) from " + host;
        if (!enabled()) {
            return new Admission(host, "relayed logons are off here (farm.pinned-keys is empty)");
        }
        int hash = clientUser.lastIndexOf('#');
        String clientName = hash < 0 ? clientUser : clientUser.substring(0, hash);
        String clientUid = hash < 0 ? null : clientUser.substring(hash + 1);
        if (!user.equals(clientName)) {
            return new Admission(host, from + " for " + LogonGate.printable(clientName) + " as another user ("
                    + user + ")");
        }
        if (uid == 0 && !settings.relayRoot()) {
            return new Admission(host, from + ": root is not relayed (farm.relay-root is false)");
        }
        PinnedKeys keys;
        try {
            keys = pinnedKeys();
        } catch (IOException e) {
            return new Admission(host, from + " refused: cannot use the pinned keys: "
                    + e.getMessage());
        }
        if (!keys.pinned(host, keyType, key)) {
            return new Admission(host, from + ": its key " + keyType
                    + " is not pinned for it in " + settings.pinnedKeys().get());
        }
        try {
            if (!logons.isUp(farm.name(), host)) {
                return new Admission(host, from + ": the host is not up in farm "
                        + farm.name() + " (not enrolled, stopped or lost)");
            }
        } catch (StoreException e) {
            return new Admission(host, from + ": cannot ask the directory: " + e.getMessage());
        }
        // asked of an authenticated farm host only: what it says is only then worth comparing
        if (clientUid == null) {
            return new Admission(host, from + " for " + user + ": the relaying host did not say the user's uid");
        }
        if (!clientUid.equals(Integer.toString(uid))) {
            return new Admission(host, from + " for " + user + ": uid " + LogonGate.printable(clientUid) + " on " + host
                    + ", " + uid + " here (the name is another person's on one of the hosts)");
        }
        return new Admission(host, null);
    }

    /** Audits, on the holding host, a relayed logon of {@code user} that reached its session. */
    public void relayedIn(OsUser user, String via, String client, String fingerprint) {
        record(new AuditEvent(clock.instant(), AuditType.FARM_RELAYED_LOGON, user.name(), user.uid(),
                "ssh " + client + " via " + via, null, user.name(), "success",
                "logon via " + via + ", client " + client + ", key " + fingerprint));
    }

    /** Audits, on the entry host, a logon it relayed to {@code target} ({@code detail}: why it failed, or null). */
    public void relayedOut(OsUser user, String client, String target, String detail) {
        record(new AuditEvent(clock.instant(), AuditType.FARM_RELAY, user.name(), user.uid(), "ssh " + client, null,
                user.name(), detail == null ? "success" : "failed",
                "logon relayed to " + target + (detail == null ? "" : ": " + detail)));
    }

    /** Audits, on the entry host, a logon the farm's rules refused ({@code farm.on-lost-host=refuse}). */
    public void refusedByFarm(OsUser user, String client, String reason) {
        record(new AuditEvent(clock.instant(), AuditType.LOGON_REFUSED, user.name(), user.uid(), "ssh " + client, null,
                user.name(), "denied", reason));
    }

    private void record(AuditEvent e) {
        try {
            audit.record(e);
        } catch (StoreException x) {
            log.warn("cannot audit {}: {}", e.detail(), x.getMessage());
        }
    }

    @Override
    public void close() {
        logons.close();
    }
}
