package termhost.daemon.farm.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.farm.Farm;
import termhost.daemon.os.OsUsers;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.Store;
import termhost.daemon.store.postgresql.PostgresCommandQueue;
import termhost.daemon.store.postgresql.PostgresFarmDirectory;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * One farm host without its SSH server and processes: its own SQLite store, the daemon's
 * {@link Farm} over it (the real publishing store, member thread, lease and sweep, command
 * listener) on the real PostgreSQL, and sessions whose state changes are written to the local store
 * as the daemon writes them: a logon inserts a row and records {@code session.logon}, a disconnect
 * or reconnect updates the row and records its event, a logoff deletes the row with its record.
 * {@link #churn} is called by one thread only.
 */
final class SimulatedHost implements AutoCloseable {
    private static final int USERS = 50;

    private final String name;
    private final Store local;
    private final TimedDirectory directory;
    private final Farm farm;
    private final Random random;
    private final Map<Integer, SessionState> states = new HashMap<>();
    private final List<Integer> ids = new ArrayList<>();
    private int nextId;

    SimulatedHost(String name, String url, Path dir, int sessions, Duration lease, Duration heartbeat,
            TimedDirectory.Timings timings, long seed) {
        this.name = name;
        this.random = new Random(seed);
        this.local = SqliteStore.open(dir.resolve(name + ".db"));
        Instant now = Instant.now();
        for (int i = 0; i < sessions; i++) {
            // as a working day finds them: about half connected, half disconnected
            SessionState state = random.nextBoolean() ? SessionState.ACTIVE : SessionState.DISCONNECTED;
            int id = ++nextId;
            local.sessions().insert(row(id, state, now));
            states.put(id, state);
            ids.add(id);
        }
        this.directory = new TimedDirectory(new PostgresFarmDirectory(url), timings);
        FarmDirectory listing = new TimedDirectory(new PostgresFarmDirectory(url), timings);
        FarmSettings settings = new FarmSettings(Optional.of(url), "farm", name, 100, lease, heartbeat, false);
        this.farm = new Farm(settings, directory, listing, new PostgresCommandQueue(url), local, Clock.systemUTC());
        farm.start();
        farm.startCommands((caller, request) -> {
            throw new IllegalStateException("the simulation sends no commands");
        }, farm.store().audit(), new OsUsers(Clock.systemUTC()));
    }

    String name() {
        return name;
    }

    /** The farm's listing, as {@code query session /server:farm} on this host reads it. */
    List<FarmDirectory.Listed> list() {
        return farm.sessions();
    }

    /**
     * One session changes state, as the daemon writes it (through the publishing store): an active
     * one disconnects; a disconnected one reconnects or, as often, logs off and a new logon takes its
     * place, so the host keeps its number of sessions. Returns the session writes made.
     */
    int churn() {
        int index = random.nextInt(ids.size());
        int id = ids.get(index);
        Instant now = Instant.now();
        Store store = farm.store();
        if (states.get(id) == SessionState.ACTIVE) {
            directory.written(id);
            store.sessions().updateState(id, SessionState.DISCONNECTED, now, address(id));
            store.audit().record(event(now, AuditType.DISCONNECT, id));
            states.put(id, SessionState.DISCONNECTED);
            return 1;
        }
        if (random.nextBoolean()) {
            directory.written(id);
            store.sessions().updateState(id, SessionState.ACTIVE, null, address(id));
            store.audit().record(event(now, AuditType.RECONNECT, id));
            states.put(id, SessionState.ACTIVE);
            return 1;
        }
        directory.written(id);
        store.sessions().deleteRecorded(id, event(now, AuditType.LOGOFF, id));
        states.remove(id);
        int fresh = ++nextId;
        directory.written(fresh);
        store.sessions().insert(row(fresh, SessionState.ACTIVE, now));
        store.audit().record(event(now, AuditType.LOGON, fresh));
        states.put(fresh, SessionState.ACTIVE);
        ids.set(index, fresh);
        return 2;
    }

    private static SessionStore.Row row(int id, SessionState state, Instant now) {
        return new SessionStore.Row(id, SessionKind.INTERACTIVE, state, 20000 + id % USERS, "simuser" + id % USERS,
                address(id), now, state == SessionState.DISCONNECTED ? now : null, now, "cgroup",
                "tmux", 100000 + id);
    }

    private static String address(int id) {
        return "10.1." + (id / 250 % 250) + "." + (id % 250);
    }

    private AuditEvent event(Instant now, AuditType type, int id) {
        return new AuditEvent(now, type, "simuser" + id % USERS, 20000 + id % USERS, address(id), id,
                "simuser" + id % USERS, "success", null);
    }

    @Override
    public void close() {
        farm.close(); // marks the host stopped and closes its connections
        local.close();
    }
}
