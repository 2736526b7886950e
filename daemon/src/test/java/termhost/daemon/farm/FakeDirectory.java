package termhost.daemon.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.StoreException;

/**
 * A directory in memory for {@link FarmMember}'s unit tests: one host's epoch, sessions and audit
 * copy, a switch that makes every call fail as an unreachable server, and {@link #fence} for a
 * sweep by another host. The real one's semantics are {@code PostgresFarmDirectoryTest}'s business.
 */
final class FakeDirectory implements FarmDirectory {
    long epoch;
    boolean up;
    boolean down;
    int registrations;
    final Map<Integer, SessionStore.Row> sessions = new TreeMap<>();
    final List<AuditEntry> audit = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    /** The logon mode as last published, at registration or since. */
    String logonMode;
    final Map<Integer, Activity> activity = new TreeMap<>();
    /** Each publication of activity: the ids it carried. */
    final List<List<Integer>> activityWrites = new ArrayList<>();
    /** What the next {@link #sweep} returns, once. */
    List<String> sweepMarks = List.of();
    final List<String> answered = new ArrayList<>();
    final List<Duration> purges = new ArrayList<>();

    /** Another host marked this one lost: its epoch moves on. */
    void fence() {
        up = false;
        epoch++;
    }

    private void reach() {
        if (down) {
            throw new StoreException("cannot reach the directory", new java.sql.SQLException("Connection refused"));
        }
    }

    private boolean holds(long e, String what) {
        if (!up || e != epoch) {
            refused.add(what);
            return false;
        }
        return true;
    }

    /** The store id of the daemon that holds the name, if another one is up with it (then registration gives 0). */
    String heldBy;
    /** The store id each registration gave. */
    final List<String> storeIds = new ArrayList<>();

    @Override
    public long register(Host host, Duration lease, List<SessionStore.Row> rows) {
        reach();
        storeIds.add(host.storeId());
        if (heldBy != null && !heldBy.equals(host.storeId())) {
            return 0;
        }
        registrations++;
        logonMode = host.logonMode();
        epoch++;
        up = true;
        sessions.clear();
        rows.forEach(r -> sessions.put(r.id(), r));
        return epoch;
    }

    @Override
    public boolean put(String host, long e, SessionStore.Row session) {
        reach();
        if (!holds(e, "put " + session.id())) {
            return false;
        }
        sessions.put(session.id(), session);
        return true;
    }

    @Override
    public boolean remove(String host, long e, int id) {
        reach();
        if (!holds(e, "remove " + id)) {
            return false;
        }
        sessions.remove(id);
        return true;
    }

    @Override
    public boolean renew(String host, long e, Duration lease) {
        reach();
        return holds(e, "renew");
    }

    @Override
    public List<String> sweep() {
        reach();
        List<String> marked = sweepMarks;
        sweepMarks = List.of();
        return marked;
    }

    @Override
    public int answerClaimed(String host, Map<String, String> outcome) {
        reach();
        answered.add(host + " " + outcome.get("@type") + " " + outcome.get("category"));
        return 1;
    }

    @Override
    public int purgeCommands(Duration retention) {
        reach();
        purges.add(retention);
        return 0;
    }

    final List<Duration> auditPurges = new ArrayList<>();

    @Override
    public long purgeAudit(Duration retention) {
        reach();
        auditPurges.add(retention);
        return 0;
    }

    @Override
    public boolean logonMode(String host, long e, String mode) {
        reach();
        if (!holds(e, "logon mode " + mode)) {
            return false;
        }
        logonMode = mode;
        return true;
    }

    @Override
    public boolean activity(String host, long e, List<Activity> changed) {
        reach();
        if (!holds(e, "activity")) {
            return false;
        }
        changed.forEach(a -> activity.put(a.id(), a));
        activityWrites.add(changed.stream().map(Activity::id).toList());
        return true;
    }

    @Override
    public List<HostMode> hosts(String farm) {
        reach();
        return List.of();
    }

    @Override
    public void stopped(String host, long e) {
        reach();
        if (holds(e, "stopped")) {
            up = false;
        }
    }

    @Override
    public long lastAudit(String host, String storeId) {
        reach();
        return audit.isEmpty() ? 0 : audit.get(audit.size() - 1).seq();
    }

    @Override
    public void addAudit(String host, String storeId, List<AuditEntry> entries) {
        reach();
        for (AuditEntry e : entries) {
            if (audit.stream().noneMatch(a -> a.seq() == e.seq())) {
                audit.add(e);
            }
        }
    }

    @Override
    public List<Listed> sessions(String farm) {
        reach();
        return List.of();
    }

    @Override
    public void close() {
    }
}
