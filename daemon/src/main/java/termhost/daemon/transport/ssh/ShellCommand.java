package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.TermhostException;
import termhost.daemon.session.Connection;
import termhost.daemon.session.SessionManager;
import termhost.daemon.session.TerminalSpec;
import termhost.daemon.session.Viewer;

/**
 * An interactive logon (an SSH shell request): attaches the channel to the user's session, new or
 * reconnected. The channel is only a connection: when it closes, the session is disconnected, not
 * ended.
 */
final class ShellCommand extends ChannelCommand implements Viewer {
    private static final Logger log = LoggerFactory.getLogger(ShellCommand.class);

    private final SessionManager sessions;
    private volatile Connection connection;
    private ChannelSession channel;

    ShellCommand(SessionManager sessions) {
        this.sessions = sessions;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        this.channel = channel;
        Map<String, String> vars = new LinkedHashMap<>(env.getEnv());
        TerminalSpec spec = new TerminalSpec(vars.get(Environment.ENV_TERM), intOf(vars.get(Environment.ENV_COLUMNS)),
                intOf(vars.get(Environment.ENV_LINES)), vars);
        // listen before the logon: a window-change that arrives while the session starts must not be lost
        env.addSignalListener((ch, signal) -> applySize(env), Signal.WINCH);
        Thread t = new Thread(() -> logon(spec, env), "logon-" + addressOf(channel));
        t.setDaemon(true);
        t.start();
    }

    private void logon(TerminalSpec spec, Environment env) {
        try {
            connection = sessions.connectInteractive(userOf(channel), this, spec, actorOf(channel));
        } catch (TermhostException | IOException e) {
            log.warn("logon of {} from {} failed: {}", userOf(channel).name(), addressOf(channel), e.getMessage());
            exit(1, "termhost: cannot start your session: " + e.getMessage(), true);
            return;
        }
        applySize(env); // the size may have changed since the pty-req
        pumpInput();
    }

    private void applySize(Environment env) {
        Connection c = connection;
        if (c != null) {
            c.resize(intOf(env.getEnv().get(Environment.ENV_COLUMNS)), intOf(env.getEnv().get(Environment.ENV_LINES)));
        }
    }

    private void pumpInput() {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n > 0) {
                    connection.input(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the channel or the PTY closed; the close path below decides what it means
        }
        // EOF from the client (or the terminal ended): a disconnect unless already ended
        Connection c = connection;
        if (c != null) {
            sessions.disconnect(c);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        Connection c = connection;
        if (c != null) {
            sessions.disconnect(c);
        }
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String clientAddress() {
        return addressOf(channel);
    }

    @Override
    public void switched(Connection next) {
        connection = next;
    }

    @Override
    public void end(String reason, int exitStatus) {
        exit(exitStatus, reason, false);
    }

    private static int intOf(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
