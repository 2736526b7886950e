package termhost.daemon.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import termhost.daemon.process.UserCommand;
import termhost.daemon.terminal.Greeting;
import termhost.daemon.terminal.TerminalHolder;

/** A terminal holder whose liveness and answer a test sets. */
final class FakeHolder implements TerminalHolder {
    private final Path socket;
    private volatile Integer pid;
    volatile boolean alive = true;
    volatile Presence presence = Presence.PRESENT;

    FakeHolder(Path socket, Integer pid) {
        this.socket = socket;
        this.pid = pid;
    }

    /** The shell exited: the holder answers so, and its process is gone. */
    void shellExited() {
        presence = Presence.GONE;
        alive = false;
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public void start(Map<String, String> env, String shell, int cols, int rows, Greeting greeting,
            UserCommand.Logon logon) {
        pid = 4242;
    }

    @Override
    public Integer serverPid() {
        return pid;
    }

    @Override
    public List<String> attachCommand(Map<String, String> clientEnv) {
        return List.of("/usr/bin/tmux", "-S", socket.toString(), "attach");
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public boolean popup(Path script, int width, int height, String title) {
        return false;
    }

    @Override
    public Optional<int[]> clientSize() {
        return Optional.empty();
    }

    @Override
    public boolean waitFor(String channel, long seconds) {
        return false;
    }
}
