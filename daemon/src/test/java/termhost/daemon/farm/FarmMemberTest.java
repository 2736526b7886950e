package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.store.AuditEntry;
import termhost.daemon.store.FarmDirectory;
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
    void aNameAnotherDaemonHoldsKeepsThisHostOutUntilItIsFreeAndItsChangesWait() {
        directory.heldBy = "the-other-daemons-store";
        store.sessions().insert(row(2, "alice"));

        assertThat(member.step(T0)).isEqualTo(T0.plus(SETTINGS.heartbeat()));
        assertThat(member.registered()).isFalse();
        assertThat(directory.registrations).isZero();
        store.sessions().insert(row(3, "bob"));
        member.step(T0.plusSeconds(5));
        assertThat(directory.sessions).as("nothing written under a name that is not ours").isEmpty();
        assertThat(directory.storeIds).hasSize(2).doesNotContainNull().containsOnly(directory.storeIds.get(0));

        directory.heldBy = null; // the other one's lease ran out
        member.step(T0.plusSeconds(10));

        assertThat(member.registered()).isTrue();
        assertThat(directory.sessions).containsOnlyKeys(2, 3);
    }

    @Test
    void aFencedHostWhoseNameIsTakenMeanwhileStaysOutInsteadOfWritingWithItsOldEpoch() {
        member.step(T0);
        directory.fence();
        directory.heldBy = "a-daemon-that-took-the-name";
        store.sessions().insert(row(4, "carol"));

        member.step(T0.plusSeconds(1));

        assertThat(member.registered()).isFalse();
        assertThat(directory.refused).containsExactly("put 4");
        assertThat(directory.sessions).doesNotContainKey(4);
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

    @Test
    void theLogonModeIsPublishedAtRegistrationAndAtTheFirstStepAfterEachChange() {
        String[] mode = {"drain"};
        member.logonMode(() -> mode[0]);
        member.step(T0);
        assertThat(directory.logonMode).isEqualTo("drain");

        mode[0] = "enable";
        member.step(T0.plusMillis(10)); // no heartbeat due: the change alone is published

        assertThat(directory.logonMode).isEqualTo("enable");
        assertThat(directory.registrations).isEqualTo(1);
    }

    @Test
    void namesAndIdleTimesArePublishedAtTheHeartbeatNotAtEachInputButANewSessionsAtOnce() {
        List<FarmDirectory.Activity> live = new ArrayList<>(List.of(new FarmDirectory.Activity(2, "ssh#1", T0)));
        member.activity(() -> List.copyOf(live));
        store.sessions().insert(row(2, "alice"));
        member.step(T0);
        assertThat(directory.activity.get(2).name()).isEqualTo("ssh#1");

        live.set(0, new FarmDirectory.Activity(2, "ssh#1", T0.plusSeconds(1))); // input
        store.audit().record(event(AuditType.RECONNECT, 3)); // a step before the heartbeat, for another cause
        member.step(T0.plusSeconds(1));
        assertThat(directory.activity.get(2).lastInput()).isEqualTo(T0);

        live.add(new FarmDirectory.Activity(3, "ssh#2", T0.plusSeconds(2)));
        store.sessions().insert(row(3, "bob"));
        member.step(T0.plusSeconds(2)); // a new session: its name now, still no one else's input
        assertThat(directory.activity.get(3).name()).isEqualTo("ssh#2");
        assertThat(directory.activity.get(2).lastInput()).isEqualTo(T0);

        member.step(T0.plus(SETTINGS.heartbeat()));
        assertThat(directory.activity.get(2).lastInput()).isEqualTo(T0.plusSeconds(1));
        int writes = directory.activityWrites.size();
        member.step(T0.plus(SETTINGS.heartbeat().multipliedBy(2))); // nothing changed: nothing written
        assertThat(directory.activityWrites).hasSize(writes);
    }

    @Test
    void anAuditRetentionOfZeroKeepsTheDirectorysCopyForEver() {
        FarmSettings forever = new FarmSettings(SETTINGS.url(), "farm", "host-a", 100, SETTINGS.lease(),
                SETTINGS.heartbeat(), false, FarmSettings.COMMAND_RETENTION, Duration.ZERO);
        new FarmMember(forever, directory, local, changes).step(T0);

        assertThat(directory.purges).hasSize(1);
        assertThat(directory.auditPurges).isEmpty();
    }

    @Test
    void oldCommandsArePurgedWithTheConfiguredRetentionAtMostOnceAMinute() {
        for (Instant t = T0; t.isBefore(T0.plus(FarmMember.PURGE_EVERY).plusSeconds(30));
                t = t.plus(SETTINGS.heartbeat())) {
            member.step(t);
        }

        // heartbeats at 0, 5, ... 85 s: purges at 0 and 60 s only
        assertThat(directory.purges).containsExactly(SETTINGS.commandRetention(), SETTINGS.commandRetention());
        assertThat(SETTINGS.commandRetention()).isEqualTo(Duration.ofHours(24));
        // the directory's copy of the audit too, with its own retention
        assertThat(directory.auditPurges).containsExactly(Duration.ofDays(90), Duration.ofDays(90));
    }

    @Test
    void theHostThatMarksAnotherLostAnswersItsTakenCommandsUnavailable() {
        member.step(T0);
        directory.sweepMarks = List.of("host-b");

        member.step(T0.plus(SETTINGS.heartbeat()));

        assertThat(directory.answered).containsExactly("host-b error unavailable");
        assertThat(FarmCommands.decode(FarmMember.lostAnswer("host-b")).type()).isEqualTo("error");
    }

    private static SessionStore.Row row(int id, String owner) {
        return new SessionStore.Row(id, SessionKind.INTERACTIVE, SessionState.ACTIVE, 1000, owner, null, T0, null, T0,
                "group-" + id, "sock-" + id, 100);
    }

    private static AuditEvent event(AuditType type, Integer session) {
        return new AuditEvent(T0, type, "root", 0, "local", session, "alice", "success", null);
    }
}
