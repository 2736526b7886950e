package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionKind;
import termhost.api.TermhostException;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;

/** Ids as Windows gives them: 2 and up, the lowest free one; reservations; what listings show. */
class SessionRegistryTest {
    private final FakeGroup groupOf7 = new FakeGroup("g-7", 700, 701);
    private final Containment containment = new Containment() {
        @Override
        public ProcessGroup create(int sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProcessGroup> adopt(String storedId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> groupOf(long pid) {
            return groupOf7.pids().contains(pid) ? Optional.of(groupOf7.id()) : Optional.empty();
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public boolean isStrict() {
            return true;
        }
    };

    private static Session session(int id, ProcessGroup group) {
        return new Session(id, SessionKind.INTERACTIVE, FakeHost.ALICE, group, null, Instant.EPOCH, null,
                Session.Phase.OPEN);
    }

    @Test
    void idsStartAtTwoAndTheLowestFreeOneComesFirst() {
        SessionRegistry r = new SessionRegistry(containment);
        assertThat(r.reserve()).isEqualTo(2);
        assertThat(r.reserve()).isEqualTo(3);
        r.release(2);
        assertThat(r.reserve()).as("a released reservation is free again").isEqualTo(2);
        assertThat(r.reserve()).isEqualTo(4);
    }

    @Test
    void anIdInUseIsNeverGivenAndIsFreeOnceItsSessionIsRemoved() {
        SessionRegistry r = new SessionRegistry(containment);
        int id = r.reserve();
        Session s = session(id, new FakeGroup("g"));
        r.add(s);
        assertThat(r.reserve()).isEqualTo(3);
        r.release(3);
        r.remove(s);
        assertThat(r.reserve()).isEqualTo(2);
    }

    @Test
    void whenEveryIdIsTakenALogonIsToldSo() {
        SessionRegistry r = new SessionRegistry(containment, 3);
        r.reserve();
        r.reserve();
        assertThatThrownBy(r::reserve).isInstanceOfSatisfying(TermhostException.class, e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_NO_FREE_SESSION_ID);
        });
    }

    @Test
    void anEndedSessionIsNeitherListedNorFoundThoughStillHeld() {
        SessionRegistry r = new SessionRegistry(containment);
        Session s = session(2, new FakeGroup("g"));
        r.add(s);
        s.advance(Session.Phase.OPEN, Session.Phase.LOGGING_OFF);
        assertThat(r.sessions()).as("Down is listed").containsExactly(s);
        s.advance(Session.Phase.LOGGING_OFF, Session.Phase.ENDED);
        assertThat(r.sessions()).isEmpty();
        assertThat(r.find(2)).isEmpty();
        assertThat(r.reserve()).as("its id is not free before it leaves").isEqualTo(3);
    }

    @Test
    void theCallersSessionIsTheOneWhoseGroupHoldsItsPid() {
        SessionRegistry r = new SessionRegistry(containment);
        Session seven = session(7, groupOf7);
        r.add(session(2, new FakeGroup("g-2", 200)));
        r.add(seven);
        assertThat(r.sessionOfPid(701)).contains(seven);
        assertThat(r.sessionOfPid(200)).as("the fake containment knows only group 7").isEmpty();
        assertThat(r.sessions()).extracting(Session::id).containsExactly(2, 7);
    }
}
