package termhost.daemon.store;

import java.nio.file.Path;

/** The unit tests' store passes the suite the real ones pass: what it shows them is what the daemon sees. */
class MemoryStoreTest extends StoreComplianceTest {
    @Override
    protected Store open(Path dir) {
        return MemoryStore.at(dir);
    }
}
