package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RootRequired.class)
class SmokeIT {
    @TempDir
    Path tmp;

    @Test
    void execRunsAsTheUserInsideTheSessionCgroup() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"));
                TestUser alice = TestUser.create(tmp)) {
            Shell.Result r = new SshClient(host, alice).exec("id -un; cat /proc/self/cgroup");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains(alice.name()).contains(host.cgroupParent().getFileName() + "/session-2");
        }
    }
}
