package termhost.daemon.store.postgresql;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL the tests of one JVM share: the server named by {@code TERMHOST_TEST_PG_URL}
 * (a JDBC URL with {@code user} and {@code password} parameters, of a role that may create
 * databases), or else a private {@link PostgresCluster} started on first use and stopped when the
 * JVM ends. Each test class takes its own database from it.
 */
public final class SharedPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresCluster cluster;
    private static IllegalStateException failure;

    private SharedPostgres() {
    }

    /** A fresh database for {@code owner} (a test class), or an exception saying why there is none. */
    public static TestDatabase database(Class<?> owner) {
        String hint = owner.getSimpleName() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String external = System.getenv("TERMHOST_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            int q = external.indexOf('?');
            TestDatabase admin = q < 0 ? new TestDatabase(external, "")
                    : new TestDatabase(external.substring(0, q), external.substring(q + 1));
            return TestDatabase.create(admin, hint);
        }
        return cluster().createDatabase(hint);
    }

    private static synchronized PostgresCluster cluster() {
        if (failure != null) {
            throw failure; // tried once in this JVM: the same reason, without a second minute of trying
        }
        if (cluster == null) {
            try {
                cluster = PostgresCluster.start(); // its shutdown hook stops it when the JVM ends
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            }
        }
        return cluster;
    }
}
