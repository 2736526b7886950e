package termhost.daemon.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import termhost.daemon.os.OsUser;

class UserCommandTest {
    private static final OsUser ALICE = new OsUser("alice", 1001, 1001, "/home/alice", "/bin/bash");
    private static final Path LEADER = Path.of("/usr/lib/termhost/termhost-leader");
    private static final UserCommand.Logon LOGON = new UserCommand.Logon("192.0.2.7", "ssh", Set.of("LANG"));
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin", "LANG", "de_DE.UTF-8");

    @Test
    void aSessionInACgroupStartsUnderTheLeaderWhichJoinsEveryGroupAndKeepsTheClientsVariables() {
        Group group = new Group(List.of(Path.of("/cg/session-2/cgroup.procs"), Path.of("/pids/session-2/cgroup.procs")));
        UserCommand c = new UserCommand(true, Optional.of(LEADER), "termhost");

        assertThat(c.leads(group)).isTrue();
        assertThat(c.session(group, ALICE, ENV, List.of("/bin/bash", "-c", "id"), LOGON, ALICE.home(), 3))
                .containsExactly(LEADER.toString(), "--service", "termhost", "--user", "alice", "--tty", "ssh",
                        "--dir", "/home/alice", "--rhost", "192.0.2.7",
                        "--join", "/cg/session-2/cgroup.procs", "--join", "/pids/session-2/cgroup.procs",
                        "--env", "LANG=de_DE.UTF-8", "--env", "PATH=/usr/bin", "--keep", "LANG", "--status-fd", "3",
                        "--", "/bin/bash", "-c", "id");
    }

    @Test
    void withoutRootACgroupOrTheHelperASessionStartsAsBefore() {
        Group cgroup = new Group(List.of(Path.of("/cg/session-2/cgroup.procs")));
        Group tagged = new Group(List.of());
        List<String> cmd = List.of("/usr/bin/tmux");
        for (var when : List.of(
                Map.entry(new UserCommand(false, Optional.of(LEADER), "termhost"), cgroup),
                Map.entry(new UserCommand(true, Optional.empty(), "termhost"), cgroup),
                Map.entry(new UserCommand(true, Optional.of(LEADER), "termhost"), tagged))) {
            UserCommand c = when.getKey();
            assertThat(c.leads(when.getValue())).isFalse();
            assertThat(c.session(when.getValue(), ALICE, ENV, cmd, LOGON, ALICE.home(), -1))
                    .isEqualTo(c.build(when.getValue(), ALICE, ENV, cmd));
        }
    }

    /** A group that is only its cgroup.procs files. */
    private record Group(List<Path> procsFiles) implements ProcessGroup {
        @Override
        public String id() {
            return "test";
        }

        @Override
        public List<String> launchPrefix() {
            return List.of("/bin/sh", "-c", "exec \"$@\"", "-");
        }

        @Override
        public Map<String, String> launchEnvironment() {
            return Map.of();
        }

        @Override
        public Set<Long> pids() {
            return Set.of();
        }

        @Override
        public boolean populated() {
            return false;
        }

        @Override
        public int signalEach(int... signals) {
            return 0;
        }

        @Override
        public void killAll() {
        }

        @Override
        public boolean awaitEmpty(Duration timeout) {
            return true;
        }

        @Override
        public void remove() {
        }

        @Override
        public String abandon() {
            return "";
        }
    }
}
