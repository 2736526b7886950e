package termhost.daemon.farm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import termhost.daemon.store.postgresql.PostgresCluster;
import termhost.daemon.store.postgresql.PostgresStore;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * The Java half of {@code bench/farm.py}, run from the test classes (it uses the tests' private
 * PostgreSQL, {@link PostgresCluster}, on a free port, removed at the end):
 *
 * <pre>
 *   FarmBench postgres
 *       starts a server and prints "url JDBC-URL" (with credentials); then answers lines on stdin:
 *       "lost HOST" (waits until the directory marks HOST lost: "lost HOST MS", MS counted from the
 *       line), "up HOST" (until HOST is registered), "published N" (until the directory holds N
 *       sessions). At end of input, or when killed, it stops the server and removes it.
 *   FarmBench simulate STEPS SESSIONS RATE MEASURE_S [LEASE_S HEARTBEAT_S]
 *       the simulation ({@link FarmSimulation}): e.g. "10,30,100 1000 1.0 60" prints one column a step.
 * </pre>
 *
 * The server runs as in production (fsync and synchronous commit on, Debian's defaults otherwise),
 * but for max_connections: each host holds three connections (see the simulation's figures).
 */
public final class FarmBench {
    private static final List<String> SERVER = List.of("max_connections=500");
    /** For the simulation, also each statement's time in the server, and the time of WAL flushes. */
    private static final List<String> MEASURED = List.of("max_connections=500",
            "shared_preload_libraries=pg_stat_statements", "track_wal_io_timing=on");

    private FarmBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("postgres")) {
            serve();
        } else if (args.length >= 5 && args[0].equals("simulate")) {
            simulate(args);
        } else {
            System.err.println("usage: FarmBench postgres | FarmBench simulate STEPS SESSIONS RATE MEASURE_S"
                    + " [LEASE_S HEARTBEAT_S]");
            System.exit(2);
        }
    }

    private static void serve() throws IOException, SQLException, InterruptedException {
        try (PostgresCluster cluster = PostgresCluster.start(SERVER)) {
            TestDatabase db = cluster.createDatabase("farmbench");
            PostgresStore.openDatabase(db.urlWithCredentials()).close(); // the tables exist before any host
            System.out.println("url " + db.urlWithCredentials());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try (Connection c = db.connect()) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] w = line.strip().split(" ");
                    if (w[0].equals("lost")) {
                        long t0 = System.nanoTime();
                        awaitCount(c, 1, "SELECT count(*) FROM farm_hosts WHERE host_id = ? AND state = 'lost'", w[1]);
                        System.out.printf("lost %s %.1f%n", w[1], (System.nanoTime() - t0) / 1e6);
                    } else if (w[0].equals("up")) {
                        awaitCount(c, 1, "SELECT count(*) FROM farm_hosts WHERE host_id = ? AND state = 'up'", w[1]);
                        System.out.println("up " + w[1]);
                    } else if (w[0].equals("published")) {
                        awaitCount(c, Long.parseLong(w[1]), "SELECT count(*) FROM farm_sessions");
                        System.out.println("published " + w[1]);
                    } else {
                        System.out.println("unknown " + line);
                    }
                    System.out.flush();
                }
            }
        }
    }

    /** Polls the count {@code sql} gives every 10 ms until it reaches {@code want}, at most 5 minutes. */
    private static void awaitCount(Connection c, long want, String sql, String... params)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= want) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("timed out: " + sql + " " + String.join(",", params) + " never reached " + want);
    }

    private static void simulate(String[] args) throws Exception {
        List<Integer> steps = new ArrayList<>();
        for (String s : args[1].split(",")) {
            steps.add(Integer.parseInt(s));
        }
        int sessions = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        Duration measure = Duration.ofSeconds(Long.parseLong(args[4]));
        Duration lease = Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 15);
        Duration heartbeat = Duration.ofSeconds(args.length > 6 ? Long.parseLong(args[6]) : 5);
        // the local stores on tmpfs: the simulated hosts' own disk writes are not what is measured
        Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "termhost-farmsim-");
        Thread cleanup = new Thread(() -> removeTree(dir), "farmsim-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<FarmSimulation.Step> done = new ArrayList<>();
        try (PostgresCluster cluster = PostgresCluster.start(MEASURED)) {
            TestDatabase db = cluster.createDatabase("farmsim");
            PostgresStore.openDatabase(db.urlWithCredentials()).close(); // migrated once, before hosts join
            FarmSimulation sim = new FarmSimulation(db, new PostgresLoad(cluster.serverPid()), dir, sessions, rate,
                    measure, lease, heartbeat, Duration.ofSeconds(5));
            try {
                for (int n : steps) {
                    System.err.printf("[farmsim] %d hosts x %d sessions...%n", n, sessions);
                    done.add(sim.step(n));
                    System.err.printf("[farmsim] %d hosts: %s%n", n, done.get(done.size() - 1).figures());
                }
            } finally {
                sim.close();
            }
        } finally {
            removeTree(dir);
        }
        print(done, sessions, rate, measure, lease, heartbeat);
    }

    private static void print(List<FarmSimulation.Step> done, int sessions, double rate, Duration measure,
            Duration lease, Duration heartbeat) {
        System.out.printf("simulated hosts x %d sessions; %.2f state changes per host per s; lease %d s, heartbeat"
                + " %d s; %d s measured per step%n", sessions, rate, lease.toSeconds(), heartbeat.toSeconds(),
                measure.toSeconds());
        StringBuilder head = new StringBuilder(String.format("%-68s", "hosts"));
        for (FarmSimulation.Step s : done) {
            head.append(String.format(" %22d", s.hosts()));
        }
        System.out.println(head);
        for (String row : done.get(done.size() - 1).figures().keySet()) {
            StringBuilder line = new StringBuilder(String.format("%-68s", row));
            for (FarmSimulation.Step s : done) {
                line.append(String.format(" %22s", s.figures().getOrDefault(row, "")));
            }
            System.out.println(line);
        }
    }

    private static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot remove " + dir + ": " + e);
        }
    }
}
