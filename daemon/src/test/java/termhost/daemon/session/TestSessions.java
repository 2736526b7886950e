package termhost.daemon.session;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import termhost.api.SessionKind;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.ProcessGroup;

/**
 * Sessions for tests of what sits above the session manager (admin, authz): no process of their
 * own, no terminal, never started. Each is an exec session, so it is Active and has a name,
 * {@code ssh#<connection>}; its one "process" is the test's JVM.
 */
public final class TestSessions {
    private TestSessions() {
    }

    public static Session exec(int id, OsUser owner, int connection) {
        Session s = new Session(id, SessionKind.EXEC, owner, new ThisJvm(id), null,
                Instant.parse("2024-01-02T03:04:05Z"), "127.0.0.1:40000", Session.Phase.OPEN);
        s.execConnection(connection);
        return s;
    }

    /** A process group that holds this JVM and refuses to be signalled. */
    private record ThisJvm(int session) implements ProcessGroup {
        @Override
        public String id() {
            return "test-" + session;
        }

        @Override
        public List<String> launchPrefix() {
            return List.of();
        }

        @Override
        public Map<String, String> launchEnvironment() {
            return Map.of();
        }

        @Override
        public Set<Long> pids() {
            return Set.of(ProcessHandle.current().pid());
        }

        @Override
        public boolean populated() {
            return true;
        }

        @Override
        public int signalEach(int... signals) throws IOException {
            throw new IOException("a test session's processes are not signalled");
        }

        @Override
        public void killAll() throws IOException {
            throw new IOException("a test session's processes are not killed");
        }

        @Override
        public boolean awaitEmpty(Duration timeout) throws IOException {
            throw new IOException("a test session never empties");
        }

        @Override
        public void remove() throws IOException {
            throw new IOException("a test session's group is not removed");
        }

        @Override
        public String abandon() throws IOException {
            throw new IOException("a test session's group is not set aside");
        }
    }
}
