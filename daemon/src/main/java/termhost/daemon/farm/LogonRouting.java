package termhost.daemon.farm;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import termhost.daemon.store.FarmLogons;

/**
 * Where a logon of a user goes, from what the directory shows under the user's lock (pure: the
 * tests hand it snapshots). In order:
 *
 * <ol>
 *   <li>the user's interactive session, as one session per user reconnects on one host: one on
 *       this host first (no hop), then the most recently disconnected, then any; a draining host
 *       still takes reconnects;
 *   <li>the host a logon of the same user was just routed to, while its session is not yet
 *       published (two simultaneous logons give one session);
 *   <li>a new session: the host with the least (sessions + pending) / weight among those whose
 *       logon mode takes new sessions, that are below their session limit ({@code farm.session-limit})
 *       and whose SSH address is known (this host needs none); a
 *       tie goes to this host, then by name, so the choice is the same whichever host makes it.
 * </ol>
 *
 * Empty when no host of the snapshot may take it: this host's own rules then decide (a logon
 * refused by its logon mode is refused as on a single host).
 */
public final class LogonRouting {
    /** Logon modes (as {@code change logon} names them) that take new sessions. */
    private static final Set<String> TAKES_NEW = Set.of("enable");

    private LogonRouting() {
    }

    public static Optional<String> choose(String thisHost, FarmLogons.Snapshot snapshot) {
        List<FarmLogons.UserSession> interactive = snapshot.sessions().stream()
                .filter(s -> s.kind().equals("interactive") && !s.state().equals("down")).toList();
        Optional<FarmLogons.UserSession> here = interactive.stream().filter(s -> s.host().equals(thisHost))
                .findFirst();
        if (here.isPresent()) {
            return Optional.of(thisHost);
        }
        Optional<FarmLogons.UserSession> held = interactive.stream().filter(s -> s.state().equals("disconnected"))
                .findFirst().or(() -> interactive.stream().findFirst());
        if (held.isPresent() && reachable(thisHost, snapshot, held.get().host())) {
            return Optional.of(held.get().host());
        }
        if (snapshot.pendingHost().isPresent() && reachable(thisHost, snapshot, snapshot.pendingHost().get())) {
            return snapshot.pendingHost();
        }
        return snapshot.hosts().stream()
                .filter(h -> TAKES_NEW.contains(h.logonMode()))
                .filter(FarmLogons.HostLoad::hasRoom)
                .filter(h -> h.host().equals(thisHost) || h.sshAddress() != null)
                .min(Comparator.comparingDouble((FarmLogons.HostLoad h) -> (h.sessions() + h.pending())
                        / (double) h.weight())
                        .thenComparing(h -> !h.host().equals(thisHost))
                        .thenComparing(FarmLogons.HostLoad::host))
                .map(FarmLogons.HostLoad::host);
    }

    /** Up (listed in the snapshot) and, unless it is this host, with a known SSH address. */
    private static boolean reachable(String thisHost, FarmLogons.Snapshot snapshot, String host) {
        return snapshot.hosts().stream().anyMatch(h -> h.host().equals(host)
                && (host.equals(thisHost) || h.sshAddress() != null));
    }
}
