package termhost.daemon.farm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * The farm's directory as it grows: simulated hosts ({@link SimulatedHost}) of {@code sessions}
 * sessions each join in steps (e.g. 10, then 30, then 100 hosts); at each step, once every host has
 * registered and published, the sessions change state at {@code rate} changes per host per second
 * while one host lists the farm every {@code listEvery}, for {@code measure}; then one column of
 * figures: the server's CPU, each kind of directory call's latency, connections, table sizes.
 */
final class FarmSimulation {
    private final TestDatabase db;
    private final PostgresLoad load;
    private final Path dir;
    private final int sessions;
    private final double rate;
    private final Duration measure;
    private final Duration lease;
    private final Duration heartbeat;
    private final Duration listEvery;
    private final TimedDirectory.Timings timings = new TimedDirectory.Timings();
    private final List<SimulatedHost> hosts = new ArrayList<>();

    FarmSimulation(TestDatabase db, PostgresLoad load, Path dir, int sessions, double rate, Duration measure,
            Duration lease, Duration heartbeat, Duration listEvery) {
        this.db = db;
        this.load = load;
        this.dir = dir;
        this.sessions = sessions;
        this.rate = rate;
        this.measure = measure;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.listEvery = listEvery;
    }

    /** One step's figures, by row name, in the order printed. */
    record Step(int hosts, Map<String, String> figures) {
    }

    /** Adds hosts up to {@code count}, waits until they are all published, then measures. */
    Step step(int count) throws Exception {
        long t0 = System.nanoTime();
        while (hosts.size() < count) {
            int i = hosts.size() + 1;
            hosts.add(new SimulatedHost(String.format("sim%03d", i), db.urlWithCredentials(), dir, sessions, lease,
                    heartbeat, timings, i));
        }
        try (Connection c = db.connect()) {
            awaitPublished(c, count);
            double joined = (System.nanoTime() - t0) / 1e9;
            Latencies.Sample register = timings.register.take();
            LockSupport.parkNanos(heartbeat.toNanos()); // every host through a heartbeat since registering
            for (Latencies l : List.of(timings.renew, timings.sweep, timings.publish, timings.publishLag, timings.audit,
                    timings.listing)) {
                l.take();
            }

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            AtomicLong listedRows = new AtomicLong();
            Thread churn = new Thread(() -> churn(running, writes, count), "churn");
            Thread lister = new Thread(() -> list(running, listedRows), "lister");
            PostgresLoad.resetServerCounts(c);
            double cpu0 = load.cpuSeconds();
            double own0 = PostgresLoad.ownCpuSeconds();
            long w0 = System.nanoTime();
            churn.start();
            lister.start();
            int connections = 0;
            long end = w0 + measure.toNanos();
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(Math.min(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(5)));
                connections = Math.max(connections, PostgresLoad.connections(c));
            }
            running.set(false);
            churn.join();
            lister.join();
            double wall = (System.nanoTime() - w0) / 1e9;
            double cpu = (load.cpuSeconds() - cpu0) / wall;
            double own = (PostgresLoad.ownCpuSeconds() - own0) / wall;

            Map<String, String> f = new java.util.LinkedHashMap<>();
            f.put("sessions in the directory", Long.toString(count(c, "SELECT count(*) FROM farm_sessions")));
            f.put("session writes per s (achieved)", String.format("%.1f", writes.get() / wall));
            f.put("PostgreSQL CPU s per s", String.format("%.3f", cpu));
            f.put("  simulated hosts' JVM CPU s per s", String.format("%.3f", own));
            put(f, "heartbeat (renew lease)", timings.renew.take());
            put(f, "sweep (mark lost hosts)", timings.sweep.take());
            put(f, "publish one session (put/remove)", timings.publish.take());
            put(f, "  lag: local commit to directory", timings.publishLag.take());
            put(f, "audit copy (one batch)", timings.audit.take());
            Latencies.Sample listing = timings.listing.take();
            put(f, "farm listing, as /server:farm reads it", listing);
            f.put("  rows listed", Long.toString(listedRows.get()));
            f.putAll(PostgresLoad.serverCounts(c, wall));
            f.put("registration of a host, median ms", String.format("%.1f", register.ms(0.5)));
            f.put("joining: all published, s", String.format("%.1f", joined));
            f.put("connections (most seen)", Integer.toString(connections));
            for (Map.Entry<String, long[]> t : PostgresLoad.tables(c).entrySet()) {
                f.put(t.getKey() + ": rows, KiB", t.getValue()[0] + ", " + t.getValue()[1]);
            }
            f.put("load average (1 min) at the end", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            return new Step(count, f);
        }
    }

    private static void put(Map<String, String> f, String what, Latencies.Sample s) {
        f.put(what + ": n, median, p99 ms", String.format("%d, %.2f, %.2f", s.count(), s.ms(0.5), s.ms(0.99)));
    }

    private void awaitPublished(Connection c, int count) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long want = (long) count * sessions;
        while (count(c, "SELECT count(*) FROM farm_hosts WHERE state = 'up'") < count
                || count(c, "SELECT count(*) FROM farm_sessions") < want) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hosts did not all publish within 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Changes at {@code rate} per host per second, spread evenly over time and at random over hosts. */
    private void churn(AtomicBoolean running, AtomicLong writes, int count) {
        Random random = new Random(count);
        long period = (long) (1e9 / (rate * count));
        long due = System.nanoTime();
        while (running.get()) {
            writes.addAndGet(hosts.get(random.nextInt(count)).churn());
            due += period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** An administrator's {@code query session /server:farm}, on the first host, every listEvery. */
    private void list(AtomicBoolean running, AtomicLong rows) {
        while (running.get()) {
            rows.set(hosts.get(0).list().size());
            LockSupport.parkNanos(listEvery.toNanos());
        }
    }

    /** Stops every host (each marks itself stopped) and removes the local stores. */
    void close() throws IOException {
        for (SimulatedHost h : hosts) {
            try {
                h.close();
            } catch (RuntimeException e) {
                System.err.println("closing " + h.name() + ": " + e);
            }
        }
        hosts.clear();
    }
}
