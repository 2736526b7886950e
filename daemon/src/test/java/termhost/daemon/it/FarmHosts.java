package termhost.daemon.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Daemon {@code name} of the farm, listening on 127.0.0.{@code address}; it relays no logon. */
    TermhostProcess host(String name, int address) throws Exception {
        return start(name, address, "farm.pinned-keys=");
    }

    /**
     * Daemon {@code name} of the farm that relays logons and admits relayed ones, with the keys
     * pinned in {@link #pinnedKeys}{@code (name)}: written by {@link #pin}, once every host listens.
     */
    TermhostProcess relayingHost(String name, int address, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("farm.pinned-keys=" + pinnedKeys(name)));
        all.addAll(List.of(settings));
        return start(name, address, all.toArray(String[]::new));
    }

    private TermhostProcess start(String name, int address, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("listen=127.0.0." + address + ":0",
                "farm.url=" + db.urlWithCredentials(), "farm.name=farm", "farm.host=" + name,
                "farm.lease=" + lease.toMillis() + "ms", "farm.heartbeat=" + heartbeat.toMillis() + "ms"));
        settings.addAll(List.of(more));
        TermhostProcess t = TermhostProcess.start(dir.resolve(name), settings.toArray(String[]::new));
        made.add(t);
        return t;
    }

    /** Host {@code name}'s pinned-keys file (root's, 0644, as an administrator would write it). */
    Path pinnedKeys(String name) {
        return dir.resolve(name + ".farm_hosts");
    }

    /**
     * Enrols {@code hosts} with each other, as an administrator does: each host's keys, as
     * {@code ssh-keyscan} reads them from its listener, pinned under its farm name in every host's
     * file, followed by {@code extraLines}.
     */
    void pin(Map<String, TermhostProcess> hosts, String... extraLines) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, TermhostProcess> h : hosts.entrySet()) {
            Shell.Result scan = Shell.run(List.of("ssh-keyscan", "-p", Integer.toString(h.getValue().port()), "-t",
                    "ed25519,ecdsa", h.getValue().address()), Map.of(), null, Duration.ofSeconds(30));
            List<String> keys = scan.out().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> h.getKey() + " " + l.split(" ", 2)[1]).toList();
            if (keys.size() != 2) {
                throw new AssertionError("ssh-keyscan of " + h.getKey() + " gave " + scan.out() + scan.err());
            }
            lines.addAll(keys);
        }
        lines.addAll(List.of(extraLines));
        for (String name : hosts.keySet()) {
            Files.write(pinnedKeys(name), lines);
            Files.setPosixFilePermissions(pinnedKeys(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
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
