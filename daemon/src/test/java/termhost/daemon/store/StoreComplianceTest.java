package termhost.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;

/**
 * What every {@link Store} must do, whatever its engine: a subclass per implementation says how
 * to open one, and inherits every test. A new engine passes this suite before the daemon uses it.
 */
public abstract class StoreComplianceTest {
    @TempDir
    protected Path tmp;

    private Store store;

    /** Opens the store kept under {@code dir}: a fresh one the first time, the same data after. */
    protected abstract Store open(Path dir);

    @BeforeEach
    void openStore() {
        store = open(tmp);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens it again on the same data. */
    private void reopen() {
        store.close();
        store = open(tmp);
    }

    // --- sessions

    @Test
    void aSessionComesBackWithEveryField() {
        SessionStore.Row full = new SessionStore.Row(7, SessionKind.INTERACTIVE, SessionState.DISCONNECTED, 1001,
                "alice", "[::1]:51234", Instant.ofEpochMilli(1_700_000_000_123L),
                Instant.ofEpochMilli(1_700_000_100_456L), Instant.ofEpochMilli(1_700_000_050_789L),
                "termhost-x/session-7", "/run/termhost/sessions/7/tmux.sock", 4242);
        SessionStore.Row bare = new SessionStore.Row(8, SessionKind.EXEC, SessionState.ACTIVE, 1002, "bob", null,
                Instant.ofEpochMilli(1_700_000_000_000L), null, null, "termhost-x/session-8", null, null);
        store.sessions().insert(full);
        store.sessions().insert(bare);

        assertThat(store.sessions().all()).containsExactly(full, bare);
    }

    @Test
    void anIdStoredTwiceIsRefusedAndTheFirstRowStays() {
        SessionStore.Row first = row(3, "alice");
        store.sessions().insert(first);

        assertThatThrownBy(() -> store.sessions().insert(row(3, "bob"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("session 3");
        assertThat(store.sessions().all()).containsExactly(first);
    }

    @Test
    void aStateUpdateChangesItsRowOnlyAndAnUnknownIdIsIgnored() {
        store.sessions().insert(row(2, "alice"));
        store.sessions().insert(row(3, "bob"));
        Instant disc = Instant.ofEpochMilli(1_700_000_999_000L);

        store.sessions().updateState(2, SessionState.DISCONNECTED, disc, "10.0.0.5:2200");
        store.sessions().updateState(99, SessionState.DOWN, null, null);

        assertThat(store.sessions().all()).containsExactly(
                new SessionStore.Row(2, SessionKind.INTERACTIVE, SessionState.DISCONNECTED, 1000, "alice",
                        "10.0.0.5:2200", LOGON, disc, LOGON, "group-2", "sock-2", 100),
                row(3, "bob"));
    }

    @Test
    void aDeletionRemovesItsRowOnlyAndAnUnknownIdIsIgnored() {
        store.sessions().insert(row(2, "alice"));
        store.sessions().insert(row(3, "bob"));

        store.sessions().delete(2);
        store.sessions().delete(99);

        assertThat(store.sessions().all()).containsExactly(row(3, "bob"));
    }

    @Test
    void aRecordedDeletionRemovesTheRowAndWritesTheRecordTogether() {
        store.sessions().insert(row(2, "alice"));
        AuditEvent logoff = event(AuditType.LOGOFF, 2, "logged off by root");

        store.sessions().deleteRecorded(2, logoff);

        assertThat(store.sessions().all()).isEmpty();
        assertThat(store.audit().recent(10)).containsExactly(logoff);
    }

    @Test
    void sessionsAndRecordsSurviveAReopen() {
        store.sessions().insert(row(2, "alice"));
        store.sessions().updateState(2, SessionState.DISCONNECTED, LOGON, null);
        AuditEvent e = event(AuditType.LOGON, 2, "interactive");
        store.audit().record(e);

        reopen();

        assertThat(store.sessions().all()).extracting(SessionStore.Row::state)
                .containsExactly(SessionState.DISCONNECTED);
        assertThat(store.audit().recent(10)).containsExactly(e);
    }

    // --- audit

    @Test
    void theNewestRecordsComeOldestFirstWithEveryField() {
        AuditEvent noSession = new AuditEvent(Instant.ofEpochMilli(1_700_000_000_001L), AuditType.DAEMON_START,
                "termhost", null, "start-up", null, null, "success", null);
        store.audit().record(noSession);
        List<AuditEvent> written = new ArrayList<>(List.of(noSession));
        for (int i = 0; i < 5; i++) {
            AuditEvent e = event(AuditType.DISCONNECT, 10 + i, "connection ssh#" + i);
            store.audit().record(e);
            written.add(e);
        }

        assertThat(store.audit().recent(100)).containsExactlyElementsOf(written);
        assertThat(store.audit().recent(2)).containsExactlyElementsOf(written.subList(4, 6));
    }

    @Test
    void recordsAreReadOnFromWhereACopyStoppedInOrderOfWriting() {
        List<AuditEvent> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AuditEvent e = event(AuditType.LOGON, 20 + i, "n" + i);
            store.audit().record(e);
            written.add(e);
        }
        store.sessions().insert(row(2, "alice"));
        AuditEvent logoff = event(AuditType.LOGOFF, 2, "with its row");
        store.sessions().deleteRecorded(2, logoff);
        written.add(logoff);

        List<AuditEntry> first = store.auditAfter(0, 4);
        List<AuditEntry> rest = store.auditAfter(first.get(3).seq(), 100);

        assertThat(first).extracting(AuditEntry::event).containsExactlyElementsOf(written.subList(0, 4));
        assertThat(rest).extracting(AuditEntry::event).containsExactlyElementsOf(written.subList(4, 6));
        assertThat(rest.get(1).seq()).isGreaterThan(rest.get(0).seq()).isGreaterThan(first.get(3).seq());
        assertThat(store.auditAfter(rest.get(1).seq(), 100)).isEmpty();
    }

    @Test
    void recordsWrittenFromManyThreadsAtOnceAreAllKept() throws Exception {
        int n = 100;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = 1000 + i;
            store.sessions().insert(row(id, "u" + i));
            done.add(pool.submit(() -> {
                start.await();
                if (id % 2 == 0) {
                    store.sessions().deleteRecorded(id, event(AuditType.LOGOFF, id, "even"));
                } else {
                    store.audit().record(event(AuditType.MESSAGE, id, "odd"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        assertThat(store.audit().recent(1000)).hasSize(n);
        assertThat(store.sessions().all()).hasSize(n / 2).allSatisfy(r -> assertThat(r.id() % 2).isEqualTo(1));
    }

    // --- permissions

    @Test
    void aFreshStoreHoldsTheDefaultRights() {
        // the presets of a new host: termhost-admins Full Control (1023), everyone User Access (425: with Virtual Channels)
        assertThat(store.permissions().all()).containsExactly(
                new PermissionStore.Row("everyone", "*", false, 425),
                new PermissionStore.Row("group", "termhost-admins", false, 1023));
    }

    @Test
    void permissionRowsAreSetRemovedAndReplaced() {
        store.permissions().put("user", "bob", true, 0x40);
        store.permissions().put("user", "bob", false, 0x41);
        store.permissions().put("group", "termhost-admins", false, 0);

        assertThat(store.permissions().all()).containsExactly(
                new PermissionStore.Row("everyone", "*", false, 425),
                new PermissionStore.Row("user", "bob", true, 0x40),
                new PermissionStore.Row("user", "bob", false, 0x41));

        store.permissions().replaceAll(List.of(new PermissionStore.Row("group", "staff", false, 1)));
        reopen();
        assertThat(store.permissions().all()).containsExactly(new PermissionStore.Row("group", "staff", false, 1));
    }

    // --- host settings

    @Test
    void aHostSettingIsReadWrittenAndOverwritten() {
        assertThat(store.hostSettings().get("logon.mode")).isEmpty();
        store.hostSettings().put("logon.mode", "drain");
        store.hostSettings().put("logon.mode", "disabled");
        store.hostSettings().put("other", "x");
        reopen();

        assertThat(store.hostSettings().get("logon.mode")).contains("disabled");
        assertThat(store.hostSettings().get("other")).contains("x");
    }

    // --- failures

    @Test
    void afterCloseEveryCallFailsWithTheStoresOwnException() {
        store.close();
        List<Consumer<Store>> calls = List.of(
                s -> s.sessions().insert(row(2, "alice")),
                s -> s.sessions().updateState(2, SessionState.ACTIVE, null, null),
                s -> s.sessions().delete(2),
                s -> s.sessions().deleteRecorded(2, event(AuditType.LOGOFF, 2, "x")),
                s -> s.sessions().all(),
                s -> s.audit().record(event(AuditType.LOGON, 2, "x")),
                s -> s.audit().recent(1),
                s -> s.auditAfter(0, 1),
                s -> s.permissions().all(),
                s -> s.permissions().put("user", "x", false, 1),
                s -> s.permissions().replaceAll(List.of()),
                s -> s.hostSettings().get("x"),
                s -> s.hostSettings().put("x", "y"));
        for (Consumer<Store> call : calls) {
            assertThatThrownBy(() -> call.accept(store)).isInstanceOf(StoreException.class);
        }
        store = open(tmp); // for closeStore
    }

    private static final Instant LOGON = Instant.ofEpochMilli(1_700_000_000_000L);

    private static SessionStore.Row row(int id, String owner) {
        return new SessionStore.Row(id, SessionKind.INTERACTIVE, SessionState.ACTIVE, 1000, owner, null, LOGON, null,
                LOGON, "group-" + id, "sock-" + id, 100);
    }

    private static AuditEvent event(AuditType type, Integer sessionId, String detail) {
        return new AuditEvent(Instant.ofEpochMilli(1_700_000_000_000L + sessionId), type, "root", 0, "local pid 1",
                sessionId, "alice", "success", detail);
    }
}
