package termhost.daemon.session;

import java.io.IOException;
import java.time.Instant;
import termhost.api.SessionKind;
import termhost.daemon.os.OsUser;

/**
 * Sessions for tests of what sits above the session manager (admin, authz): no process of their
 * own, no terminal, never started. Each is an exec session, so it is Active and has a name,
 * {@code ssh#<connection>}; its one "process" is the test's JVM.
 */
public final class TestSessions {
    private TestSessions() {
    }

    /** A process group that holds this JVM and refuses to be signalled. */
    private static FakeGroup thisJvm(int session) {
        FakeGroup g = new FakeGroup("test-" + session, ProcessHandle.current().pid());
        g.signalFailure = new IOException("a test session's processes are not signalled");
        return g;
    }

    public static Session exec(int id, OsUser owner, int connection) {
        Session s = new Session(id, SessionKind.EXEC, owner, thisJvm(id), null,
                Instant.parse("2024-01-02T03:04:05Z"), "127.0.0.1:40000", Session.Phase.OPEN);
        s.execConnection(connection);
        return s;
    }
}
