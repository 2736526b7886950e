package termhost.daemon.farm.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.SessionStore;

/**
 * A host's real directory, each call timed by kind: the bench's window on what {@code FarmMember}
 * asks of PostgreSQL, changing nothing of it. {@link #written} marks a session the local store just
 * wrote, so that its publication also gives the lag from the local commit to the directory's.
 */
final class TimedDirectory implements FarmDirectory {
    /** Call durations of every simulated host, by kind. */
    static final class Timings {
        final Latencies register = new Latencies();
        final Latencies renew = new Latencies();
        final Latencies sweep = new Latencies();
        final Latencies publish = new Latencies();
        final Latencies publishLag = new Latencies();
        final Latencies audit = new Latencies();
        final Latencies listing = new Latencies();
    }

    private final FarmDirectory real;
    private final Timings timings;
    /** Session id → when the local store wrote it, not yet published. */
    private final Map<Integer, Long> unpublished = new ConcurrentHashMap<>();

    TimedDirectory(FarmDirectory real, Timings timings) {
        this.real = real;
        this.timings = timings;
    }

    /** The local store has just committed session {@code id}: its publication is timed from now. */
    void written(int id) {
        unpublished.putIfAbsent(id, System.nanoTime());
    }

    private void published(int id) {
        Long at = unpublished.remove(id);
        if (at != null) {
            timings.publishLag.add(System.nanoTime() - at);
        }
    }

    private static <T> T timed(Latencies kind, Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        kind.add(System.nanoTime() - t0);
        return result;
    }

    @Override
    public long register(Host host, Duration lease, List<SessionStore.Row> sessions) {
        long epoch = timed(timings.register, () -> real.register(host, lease, sessions));
        unpublished.clear(); // a registration publishes every session
        return epoch;
    }

    @Override
    public boolean put(String host, long epoch, SessionStore.Row session) {
        boolean held = timed(timings.publish, () -> real.put(host, epoch, session));
        published(session.id());
        return held;
    }

    @Override
    public boolean remove(String host, long epoch, int sessionId) {
        boolean held = timed(timings.publish, () -> real.remove(host, epoch, sessionId));
        published(sessionId);
        return held;
    }

    @Override
    public boolean renew(String host, long epoch, Duration lease) {
        return timed(timings.renew, () -> real.renew(host, epoch, lease));
    }

    @Override
    public List<String> sweep() {
        return timed(timings.sweep, real::sweep);
    }

    @Override
    public int answerClaimed(String host, Map<String, String> outcome) {
        return real.answerClaimed(host, outcome);
    }

    @Override
    public int purgeCommands(Duration retention) {
        return real.purgeCommands(retention);
    }

    @Override
    public long purgeAudit(Duration retention) {
        return real.purgeAudit(retention);
    }

    @Override
    public boolean logonMode(String host, long epoch, String mode) {
        return real.logonMode(host, epoch, mode);
    }

    @Override
    public boolean activity(String host, long epoch, List<Activity> sessions) {
        return real.activity(host, epoch, sessions);
    }

    @Override
    public List<HostMode> hosts(String farm) {
        return real.hosts(farm);
    }

    @Override
    public void stopped(String host, long epoch) {
        real.stopped(host, epoch);
    }

    @Override
    public long lastAudit(String host, String storeId) {
        return real.lastAudit(host, storeId);
    }

    @Override
    public void addAudit(String host, String storeId, List<AuditEntry> entries) {
        timed(timings.audit, () -> {
            real.addAudit(host, storeId, entries);
            return null;
        });
    }

    @Override
    public List<Listed> sessions(String farm) {
        return timed(timings.listing, () -> real.sessions(farm));
    }

    @Override
    public void close() {
        real.close();
    }
}
