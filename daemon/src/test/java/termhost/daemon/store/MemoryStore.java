package termhost.daemon.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;

/**
 * A store in memory, for unit tests of the domain: it passes the same compliance suite as the real
 * ones ({@code MemoryStoreTest}), so what a test sees of it is what the daemon would see. Data of
 * one {@code dir} outlives a close, as a file would; {@link #failing} makes every write refuse.
 */
public final class MemoryStore implements Store {
    private static final Map<Path, Data> DISKS = new ConcurrentHashMap<>();

    /** What a store holds; guarded by itself. */
    private static final class Data {
        final Map<Integer, SessionStore.Row> sessions = new TreeMap<>();
        final List<AuditEvent> audit = new ArrayList<>();
        final List<PermissionStore.Row> permissions = new ArrayList<>(List.of(
                new PermissionStore.Row("everyone", "*", false, 425),
                new PermissionStore.Row("group", "termhost-admins", false, 1023)));
        final Map<String, String> settings = new LinkedHashMap<>();
    }

    private final Data data;
    private volatile boolean closed;
    private volatile boolean failing;

    private MemoryStore(Data data) {
        this.data = data;
    }

    /** A store of its own, gone with it. */
    public static MemoryStore fresh() {
        return new MemoryStore(new Data());
    }

    /** The store kept under {@code dir}: a fresh one the first time, the same data after. */
    public static MemoryStore at(Path dir) {
        return new MemoryStore(DISKS.computeIfAbsent(dir, d -> new Data()));
    }

    /** From now on every write fails as a full disk would ({@code false} to stop). */
    public void failing(boolean on) {
        failing = on;
    }

    /** Every audit record, oldest first. */
    public List<AuditEvent> records() {
        synchronized (data) {
            return List.copyOf(data.audit);
        }
    }

    private <T> T read(String what, java.util.function.Supplier<T> work) {
        if (closed) {
            throw new StoreException(what, new IllegalStateException("the store is closed"));
        }
        synchronized (data) {
            return work.get();
        }
    }

    private void write(String what, Runnable work) {
        if (failing) {
            throw new StoreException(what, new IllegalStateException("[SQLITE_FULL] database or disk is full"));
        }
        read(what, () -> {
            work.run();
            return null;
        });
    }

    private final SessionStore sessions = new SessionStore() {
        @Override
        public void insert(Row r) {
            write("cannot store session " + r.id(), () -> {
                if (data.sessions.containsKey(r.id())) {
                    throw new StoreException("cannot store session " + r.id(), new IllegalStateException("taken"));
                }
                data.sessions.put(r.id(), r);
            });
        }

        @Override
        public void updateState(int id, SessionState state, Instant disconnectTime, String clientAddress) {
            write("cannot store the state of session " + id, () -> data.sessions.computeIfPresent(id,
                    (k, r) -> new Row(r.id(), r.kind(), state, r.ownerUid(), r.ownerName(), clientAddress,
                            r.logonTime(), disconnectTime, r.lastInputTime(), r.containment(), r.terminal(),
                            r.terminalPid())));
        }

        @Override
        public void delete(int id) {
            write("cannot delete session " + id, () -> data.sessions.remove(id));
        }

        @Override
        public void deleteRecorded(int id, AuditEvent logoff) {
            write("cannot record " + logoff.type().stableName(), () -> {
                data.sessions.remove(id);
                data.audit.add(logoff);
            });
        }

        @Override
        public List<Row> all() {
            return read("cannot read the stored sessions", () -> List.copyOf(data.sessions.values()));
        }
    };

    private final AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent e) {
            write("cannot record " + e.type().stableName(), () -> data.audit.add(e));
        }

        @Override
        public List<AuditEvent> recent(int limit) {
            return read("cannot read the audit log", () -> List.copyOf(
                    data.audit.subList(Math.max(0, data.audit.size() - limit), data.audit.size())));
        }
    };

    private final PermissionStore permissions = new PermissionStore() {
        @Override
        public List<Row> all() {
            return read("cannot read the permissions", () -> data.permissions.stream()
                    .sorted(Comparator.comparing(Row::principalKind).thenComparing(Row::principalName)
                            .thenComparing(r -> r.deny() ? 0 : 1))
                    .toList());
        }

        @Override
        public void put(String kind, String name, boolean deny, int rights) {
            write("cannot store the permissions of " + kind + " " + name, () -> {
                data.permissions.removeIf(r -> r.principalKind().equals(kind) && r.principalName().equals(name)
                        && r.deny() == deny);
                if (rights != 0) {
                    data.permissions.add(new Row(kind, name, deny, rights));
                }
            });
        }

        @Override
        public void replaceAll(List<Row> rows) {
            write("cannot store the permissions", () -> {
                data.permissions.clear();
                data.permissions.addAll(rows);
            });
        }
    };

    private final HostSettingsStore settings = new HostSettingsStore() {
        @Override
        public Optional<String> get(String name) {
            return read("cannot read the host setting " + name, () -> Optional.ofNullable(data.settings.get(name)));
        }

        @Override
        public void put(String name, String value) {
            write("cannot store the host setting " + name, () -> data.settings.put(name, value));
        }
    };

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public PermissionStore permissions() {
        return permissions;
    }

    @Override
    public HostSettingsStore hostSettings() {
        return settings;
    }

    @Override
    public List<AuditEntry> auditAfter(long seq, int limit) {
        // a record's number is its place in the list, from 1: records are never removed
        return read("cannot read the audit log after record " + seq, () -> {
            List<AuditEntry> entries = new ArrayList<>();
            for (int i = (int) seq; i < data.audit.size() && entries.size() < limit; i++) {
                entries.add(new AuditEntry(i + 1, data.audit.get(i)));
            }
            return entries;
        });
    }

    @Override
    public void close() {
        closed = true;
    }
}
