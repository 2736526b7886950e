package termhost.daemon.store.postgresql;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreComplianceTest;

/**
 * The store on a real PostgreSQL passes the suite every store must pass. One database for the
 * class, emptied before each test (the suite's temp dir stands for "the same data" on reopen).
 */
class PostgresStoreTest extends StoreComplianceTest {
    private static TestDatabase db;
    private Path fresh;

    @BeforeAll
    static void database() {
        db = SharedPostgres.database(PostgresStoreTest.class);
    }

    @Override
    protected Store open(Path dir) {
        if (!dir.equals(fresh)) {
            fresh = dir;
            TestDatabase.reset(db);
        }
        return PostgresStore.open(db.urlWithCredentials());
    }
}
