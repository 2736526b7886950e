package termhost.daemon.it;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link RootRequired} for jqwik containers (jqwik runs beside Jupiter and does not run Jupiter
 * extensions): the same preconditions, reported as a skip with the reason.
 */
public final class RootOnly implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return SkipResult.skip("needs root: the test creates OS users and cgroups");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/tmux")) || !Files.isExecutable(Path.of("/usr/bin/ssh"))) {
            return SkipResult.skip("needs tmux and the OpenSSH client");
        }
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.kill"))) {
            return SkipResult.skip("needs a cgroup v2 hierarchy");
        }
        return SkipResult.doNotSkip();
    }
}
