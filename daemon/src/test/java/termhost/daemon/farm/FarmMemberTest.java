package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.MemoryStore;
import termhost.daemon.store.SessionStore;

/**
 * The member's decisions, stepped by hand with a time of the test's choosing: what it publishes,
 * when it registers again, what an outage costs. The local store is the in-memory one that passes
 * the store suite; the directory a fake (PostgreSQL's own semantics are tested on a real server).
 */
class FarmMemberTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final FarmSettings SETTINGS = new FarmSettings(Optional.of("jdbc:postgresql://db/farm"), "farm",
            "host-a", 100, Duration.ofSeconds(15), Duration.ofSeconds(5), false);

    private final MemoryStore local = MemoryStore.fresh();
    private final SessionChanges changes = new SessionChanges();
    private final PublishingStore store = new PublishingStore(local, changes);
    private final FakeDirectory directory = new FakeDirectory();
    private final FarmMember member = new FarmMember(SETTINGS, directory, local, changes);

    @Test
    void theFirstStepRegistersAndPublishesEverySessionTheLocalStoreHolds() {
        store.sessions().insert(row(2, "alice"));
        store.sessions().insert(row(3, "bob"));

        Instant next = member.step(T0);

        assertThat(directory.registrations).isEqualTo(1);
        assertThat(directory.sessions).containsOnlyKeys(2, 3);
        assertThat(member.epoch()).isEqualTo(directory.epoch);
        assertThat(next).isEqualTo(T0.plus(SETTINGS.heartbeat()));
    }

    @Test
    void eachLocalChangeIsPublishedUnderTheHeldEpoch() {
        member.step(T0);
        store.sessions().insert(row(2, "alice"));
        store.sessions().insert(row(3, "bob"));
        store.sessions().updateState(2, SessionState.DISCONNECTED, T0, "10.0.0.9:4000");
        store.sessions().deleteRecorded(3, event(AuditType.LOGOFF, 3));

        member.step(T0.plusSeconds(1));

        assertThat(directory.sessions).containsOnlyKeys(2);
        assertThat(directory.sessions.get(2).state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(directory.registrations).isEqualTo(1);
        assertThat(directory.refused).isEmpty();
    }

    @Test
    void aFencedHostsWriteIsRefusedAndItRegistersAgainWithTheLocalTruth() {
        store.sessions().insert(row(2, "alice"));
        member.step(T0);
        long first = member.epoch();
        directory.fence(); // swept by another host while this one was paused
        directory.sessions.remove(2); // and the directory changed meanwhile
        store.sessions().insert(row(4, "carol"));

        member.step(T0.plusSeconds(1));

        assertThat(directory.refused).containsExactly("put 4");
        assertThat(member.epoch()).isEqualTo(first + 2); // the sweep's bump, then its own registration
        assertThat(directory.sessions).containsOnlyKeys(2, 4);
    }

    @Test
    void aHeartbeatRefusedMeansFencedToo() {
        member.step(T0);
        directory.fence();

        member.step(T0.plus(SETTINGS.heartbeat()));

        assertThat(directory.refused).containsExactly("renew");
        assertThat(directory.registrations).isEqualTo(2);
        assertThat(directory.up).isTrue();
    }

    @Test
    void anOutageLosesNoAuditRecordAndTheDirectoryIsRebuiltWhenItReturns() {
        store.audit().record(event(AuditType.LOGON, 2));
        member.step(T0);
        assertThat(directory.audit).hasSize(1);

        directory.down = true;
        store.sessions().insert(row(2, "alice"));
        for (int i = 0; i < 5; i++) {
            store.audit().record(event(AuditType.RECONNECT, 2));
        }
        Instant retry = member.step(T0.plusSeconds(1));
        Instant later = member.step(retry);
        assertThat(member.inOutage()).isTrue();
        assertThat(member.registered()).isFalse(); // what farm.directory-required refuses new sessions on
        assertThat(Duration.between(retry, later)).isGreaterThan(Duration.between(T0.plusSeconds(1), retry));
        directory.sessions.clear(); // e.g. restored from an older backup

        directory.down = false;
        member.step(later);

        assertThat(member.inOutage()).isFalse();
        assertThat(member.registered()).isTrue();
        assertThat(directory.registrations).isEqualTo(2);
        assertThat(directory.sessions).containsOnlyKeys(2);
        assertThat(directory.audit).extracting(AuditEntry::event).containsExactlyElementsOf(local.records());
        assertThat(directory.audit).extracting(AuditEntry::seq).doesNotHaveDuplicates();
    }

    @Test
    void aCleanStopMarksTheHostStoppedAfterCopyingTheLastRecords() {
        member.step(T0);
        store.audit().record(event(AuditType.DAEMON_STOP, null));

        member.leave();

        assertThat(directory.up).isFalse();
        assertThat(directory.audit).hasSize(1);
    }

    private static SessionStore.Row row(int id, String owner) {
        return new SessionStore.Row(id, SessionKind.INTERACTIVE, SessionState.ACTIVE, 1000, owner, null, T0, null, T0,
                "group-" + id, "sock-" + id, 100);
    }

    private static AuditEvent event(AuditType type, Integer session) {
        return new AuditEvent(T0, type, "root", 0, "local", session, "alice", "success", null);
    }
}
