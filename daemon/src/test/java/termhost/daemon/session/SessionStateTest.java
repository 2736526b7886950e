package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.os.OsUser;

/** Which state an interactive session shows, from its connections (pure logic: no client needed). */
class SessionStateTest {
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static Session session() {
        return new Session(7, SessionKind.INTERACTIVE, new OsUser("alice", 1001, 1001, "/home/alice", "/bin/bash"),
                null, null, 4242, T, "127.0.0.1:50000");
    }

    private static Connection connectionTo(Session s) {
        return new Connection(1, s, null, null, null, null);
    }

    @Test
    void aNewSessionIsActiveBeforeItsFirstClientIsAttached() {
        // else a second logon of the same user at that moment would take it as a Disc session
        Session s = session();
        s.awaitFirstClient();
        assertThat(s.state()).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void itIsDiscOnceItsFirstClientLeft() {
        Session s = session();
        s.awaitFirstClient();
        Connection c = connectionTo(s);
        s.attached(c, "127.0.0.1:50000", T);
        assertThat(s.state()).isEqualTo(SessionState.ACTIVE);
        s.detached(c, T.plusSeconds(5));
        assertThat(s.state()).isEqualTo(SessionState.DISCONNECTED);
    }

    @Test
    void itIsDiscWhenItsFirstClientCouldNotBeAttached() {
        Session s = session();
        s.awaitFirstClient();
        s.firstClientFailed();
        assertThat(s.state()).isEqualTo(SessionState.DISCONNECTED);
    }

    @Test
    void anAdoptedSessionWithoutClientIsDisc() {
        assertThat(session().state()).isEqualTo(SessionState.DISCONNECTED);
    }
}
