package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.os.OsUser;

/** Which state a session shows, from its phase and connections (pure logic: no client needed). */
class SessionStateTest {
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static Session session(Session.Phase phase) {
        return new Session(7, SessionKind.INTERACTIVE, new OsUser("alice", 1001, 1001, "/home/alice", "/bin/bash"),
                null, null, T, "127.0.0.1:50000", phase);
    }

    private static Connection connectionTo(Session s) {
        return new Connection(1, s, null, null, null, null);
    }

    @Test
    void aNewSessionIsActiveBeforeItsFirstClientIsAttached() {
        // else a second logon of the same user at that moment would take it as a Disc session
        assertThat(session(Session.Phase.STARTING).state()).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void itIsDiscOnceItsFirstClientLeft() {
        Session s = session(Session.Phase.STARTING);
        Connection c = connectionTo(s);
        s.attached(c, "127.0.0.1:50000", T);
        s.advance(Session.Phase.STARTING, Session.Phase.OPEN);
        assertThat(s.state()).isEqualTo(SessionState.ACTIVE);
        s.detached(c, T.plusSeconds(5));
        assertThat(s.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(s.disconnectTime()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void anAdoptedSessionWithoutClientIsDisc() {
        assertThat(session(Session.Phase.OPEN).state()).isEqualTo(SessionState.DISCONNECTED);
    }

    @Test
    void aSessionBeingLoggedOffOrFailedToEndIsDownAndAnEndedOneShowsItsFailureNoMore() {
        Session s = session(Session.Phase.OPEN);
        assertThat(s.advance(Session.Phase.OPEN, Session.Phase.LOGGING_OFF)).isTrue();
        assertThat(s.state()).isEqualTo(SessionState.DOWN);
        assertThat(s.advance(Session.Phase.OPEN, Session.Phase.LOGGING_OFF)).as("one winner").isFalse();
        s.failed("processes remain", T, failures -> Duration.ofSeconds(2));
        s.advance(Session.Phase.LOGGING_OFF, Session.Phase.FAILED);
        assertThat(s.state()).isEqualTo(SessionState.DOWN);
        assertThat(s.failure()).contains("processes remain");
        assertThat(s.retryAt()).isEqualTo(T.plusSeconds(2));
        s.advance(Session.Phase.FAILED, Session.Phase.LOGGING_OFF);
        assertThat(s.failure()).isEmpty();
        assertThat(s.retryAt()).isNull();
    }
}
