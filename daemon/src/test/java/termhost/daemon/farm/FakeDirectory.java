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

    @Override
    public long register(Host host, Duration lease, List<SessionStore.Row> rows) {
        reach();
        registrations++;
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
