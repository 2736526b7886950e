package termhost.daemon.store.sqlite;

import java.nio.file.Path;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreComplianceTest;

/** The embedded store passes the suite every store must pass. */
class SqliteStoreTest extends StoreComplianceTest {
    @Override
    protected Store open(Path dir) {
        return SqliteStore.open(dir.resolve("termhost.db"));
    }
}
