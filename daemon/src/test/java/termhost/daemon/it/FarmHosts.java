package termhost.daemon.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * The farm tests' fixture: daemons of one farm ({@code farm}) on loopback addresses of their own,
 * publishing to one test database with short leases, and the users and sessions a test makes on
 * them; {@link #close} removes all of it, in reverse, even after a failure.
 */
final class FarmHosts implements AutoCloseable {
    private final Path dir;
    private final TestDatabase db;
    private final Duration lease;
    private final Duration heartbeat;
    private final List<AutoCloseable> made = new ArrayList<>();

    FarmHosts(Path dir, TestDatabase db, Duration lease, Duration heartbeat) {
        this.dir = dir;
        this.db = db;
        this.lease = lease;
        this.heartbeat = heartbeat;
    }

    /** Daemon {@code name} of the farm, listening on 127.0.0.{@code address}. */
    TermhostProcess host(String name, int address) throws Exception {
        TermhostProcess t = TermhostProcess.start(dir.resolve(name), "listen=127.0.0." + address + ":0",
                "farm.url=" + db.urlWithCredentials(), "farm.name=farm", "farm.host=" + name,
                "farm.lease=" + lease.toMillis() + "ms", "farm.heartbeat=" + heartbeat.toMillis() + "ms");
        made.add(t);
        return t;
    }

    TestUser user() throws Exception {
        TestUser u = TestUser.create(dir);
        made.add(u);
        return u;
    }

    HeldSession session(TermhostProcess host, TestUser user) throws Exception {
        HeldSession s = HeldSession.open(host, user);
        made.add(s);
        return s;
    }

    /** Something else the test made, removed with the rest. */
    <T extends AutoCloseable> T add(T thing) {
        made.add(thing);
        return thing;
    }

    @Override
    public void close() throws Exception {
        Closing.inReverse(made);
        made.clear();
    }
}
