package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.daemon.os.OsUser;

/** Which session a logon reconnects to: the policy as a pure function. */
class ReconnectChoiceTest {
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private static final ReconnectChoice.Policy ONE = new ReconnectChoice.Policy(false, false);
    private static final ReconnectChoice.Policy SEVERAL = new ReconnectChoice.Policy(true, false);
    private static final ReconnectChoice.Policy SAME_CLIENT = new ReconnectChoice.Policy(true, true);

    private static Session session(int id, OsUser owner, SessionKind kind, Session.Phase phase) {
        return new Session(id, kind, owner, new FakeGroup("g-" + id), null, T, "10.0.0.5:40000", phase);
    }

    /** Disconnected at {@code T + secondsAfterT}, last used from {@code address}. */
    private static Session disc(int id, OsUser owner, int secondsAfterT, String address) {
        Session s = session(id, owner, SessionKind.INTERACTIVE, Session.Phase.OPEN);
        Connection c = new Connection(id, s, null, null, null, null);
        s.attached(c, address, T);
        s.detached(c, T.plusSeconds(secondsAfterT));
        return s;
    }

    private static Session active(int id, OsUser owner) {
        Session s = session(id, owner, SessionKind.INTERACTIVE, Session.Phase.OPEN);
        s.attached(new Connection(id, s, null, null, null, null), "10.0.0.5:40000", T);
        return s;
    }

    @Test
    void theMostRecentlyDisconnectedOfTheUsersSessionsIsChosen() {
        Session older = disc(2, FakeHost.ALICE, 10, "10.0.0.5:1");
        Session newer = disc(3, FakeHost.ALICE, 20, "10.0.0.5:2");
        Session bobs = disc(4, FakeHost.BOB, 30, "10.0.0.5:3");
        for (ReconnectChoice.Policy p : List.of(ONE, SEVERAL)) {
            assertThat(ReconnectChoice.choose(List.of(older, newer, bobs), FakeHost.ALICE.uid(), "10.0.0.5", p))
                    .contains(newer);
        }
    }

    @Test
    void sessionsLoggingOffAndExecSessionsAreNeverChosen() {
        Session closing = disc(2, FakeHost.ALICE, 10, "10.0.0.5:1");
        closing.advance(Session.Phase.OPEN, Session.Phase.LOGGING_OFF);
        Session failed = disc(3, FakeHost.ALICE, 20, "10.0.0.5:1");
        failed.advance(Session.Phase.OPEN, Session.Phase.FAILED);
        Session exec = session(4, FakeHost.ALICE, SessionKind.EXEC, Session.Phase.OPEN);
        for (ReconnectChoice.Policy p : List.of(ONE, SEVERAL)) {
            assertThat(ReconnectChoice.choose(List.of(closing, failed, exec), FakeHost.ALICE.uid(), "10.0.0.5", p))
                    .isEmpty();
        }
    }

    @Test
    void withOneSessionPerUserAConnectedOrStartingSessionIsTakenOverWithSeveralANewOneIsMade() {
        Session starting = session(3, FakeHost.ALICE, SessionKind.INTERACTIVE, Session.Phase.STARTING);
        Session connected = active(5, FakeHost.ALICE);
        assertThat(ReconnectChoice.choose(List.of(connected, starting), FakeHost.ALICE.uid(), "10.0.0.5", ONE))
                .as("the lowest id: two logons at once still give one session").contains(starting);
        assertThat(ReconnectChoice.choose(List.of(connected, starting), FakeHost.ALICE.uid(), "10.0.0.5", SEVERAL))
                .isEmpty();
    }

    @Test
    void withSameClientOnlyASessionLastUsedFromElsewhereIsNotOffered() {
        Session fromHome = disc(2, FakeHost.ALICE, 10, "192.168.1.9:50000");
        Session fromWork = disc(3, FakeHost.ALICE, 5, "10.0.0.5:40000");
        assertThat(ReconnectChoice.choose(List.of(fromHome, fromWork), FakeHost.ALICE.uid(), "10.0.0.5", SAME_CLIENT))
                .contains(fromWork);
        assertThat(ReconnectChoice.choose(List.of(fromHome), FakeHost.ALICE.uid(), "10.0.0.5", SAME_CLIENT)).isEmpty();
        assertThat(ReconnectChoice.choose(List.of(fromHome), FakeHost.ALICE.uid(), "10.0.0.5", SEVERAL))
                .contains(fromHome);
    }
}
