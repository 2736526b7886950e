package termhost.daemon.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Integration tests make OS users and cgroups, so they need root, tmux and the OpenSSH client. Where
 * one is missing they are skipped with the reason; CI runs as root and runs them all (.ci/run
 * fails when they were skipped there).
 */
public final class RootRequired implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root: the test creates OS users and cgroups");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux (apt-get install tmux)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "needs the OpenSSH client (openssh-client)");
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) || Files.exists(Path.of(
                "/sys/fs/cgroup/cgroup.kill")) || Files.exists(Path.of("/sys/fs/cgroup/cgroup.procs")),
                "needs a cgroup v2 hierarchy");
    }
}
