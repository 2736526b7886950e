package termhost.daemon.store;

import java.util.List;
import java.util.Optional;

/**
 * Where a logon goes in a farm (issue #15, reference/farm.md §5): what the entry host reads to
 * route a user, and what a holding host reads to admit a relayed logon. Every method throws
 * {@link StoreException} when the directory cannot be reached; calls are serialised.
 */
public interface FarmLogons extends AutoCloseable {
    /** A session of the user being routed, on a host of the farm that is up within its lease. */
    record UserSession(String host, int id, String kind, String state) {
    }

    /**
     * A host of the farm that is up within its lease, with what routing weighs: its published
     * sessions, the logons routed to it and not yet published ({@code pending}), its weight, its
     * logon mode (as {@code change logon} names it), where its SSH listener is (null: unknown) and
     * its session limit (0: none).
     */
    record HostLoad(String host, int sessions, int pending, int weight, String logonMode, String sshAddress,
            int sessionLimit) {
        /** Whether it may take one more session: below its limit, counting the logons routed to it. */
        public boolean hasRoom() {
            return sessionLimit == 0 || sessions + pending < sessionLimit;
        }
    }

    /** What the routing host saw, under the user's lock. */
    record Snapshot(List<UserSession> sessions, List<HostLoad> hosts, Optional<String> pendingHost) {
        /** Whether {@code host} holds an interactive session of the user, not being logged off: a logon there reconnects. */
        public boolean holdsSession(String host) {
            return sessions.stream().anyMatch(s -> s.host().equals(host) && s.kind().equals("interactive")
                    && !s.state().equals("down"));
        }
    }

    /**
     * What routing gave: the host chosen (empty: none written), whether the user has a session
     * there ({@code reconnect}; else the logon makes a new one), and, when the user has no
     * interactive session on an up host, the hosts not up (lost or stopped) that hold one.
     */
    record Routed(Optional<HostLoad> target, boolean reconnect, List<String> unreachableHolders) {
    }

    /** Decides from a {@link Snapshot}: the host chosen, or empty to write no reservation. */
    interface Router {
        Optional<String> choose(Snapshot snapshot);
    }

    /** Publishes where {@code host}'s SSH listener is reached ({@code address:port}), and its session limit. */
    void publishEndpoint(String host, String sshAddress, int sessionLimit);

    /**
     * Routes one logon of {@code user} in one transaction holding the user's advisory lock, so two
     * logons of one user on two hosts decide one after the other: reads the snapshot, asks
     * {@code router}, and records the host it chose as the user's pending logon, unless the user
     * has a session there (a reconnect: the reservation only keeps a second logon from making a
     * second new session, and saves a write in the logon's path). Returns that host
     * and its endpoint, if any, and the hosts not up that hold a session of the user.
     */
    Routed route(String farm, String user, Router router);

    /** Drops {@code user}'s pending logon (its session is published, or the logon failed). */
    void settled(String user);

    /** Whether {@code host} is up in the directory, within its lease, in {@code farm}. */
    boolean isUp(String farm, String host);

    /** Ends the connection; calls after it connect again. A second call does nothing. */
    @Override
    void close();
}
