package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.TermhostException;
import termhost.daemon.session.Connection;
import termhost.daemon.session.SessionCore;
import termhost.daemon.session.TerminalSpec;
import termhost.daemon.session.Viewer;

/**
 * An interactive logon (an SSH shell request): attaches the channel to the user's session, new or
 * reconnected. The channel is only a connection: when it closes, the session is disconnected, not
 * ended. Its streams are MINA's non-blocking ones: no thread waits on a connected client (the
 * logon runs on one that ends with it).
 */
final class ShellCommand extends ChannelCommand implements AsyncCommand, Viewer {
    private static final Logger log = LoggerFactory.getLogger(ShellCommand.class);

    private final SessionCore sessions;
    private volatile Connection connection;
    private ChannelSession channel;
    private IoInputStream input;
    private AsyncSink output;
    private AsyncSink errors;

    ShellCommand(SessionCore sessions) {
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
            connection = sessions.logons().connectInteractive(userOf(channel), this, spec, actorOf(channel));
        } catch (TermhostException | IOException e) {
            log.warn("logon of {} from {} failed: {}", userOf(channel).name(), addressOf(channel), e.getMessage());
            exit(1, "termhost: cannot start your session: " + e.getMessage(), true);
            return;
        }
        applySize(env); // the size may have changed since the pty-req
        readInput();
    }

    private void applySize(Environment env) {
        Connection c = connection;
        if (c != null) {
            c.resize(intOf(env.getEnv().get(Environment.ENV_COLUMNS)), intOf(env.getEnv().get(Environment.ENV_LINES)));
        }
    }

    /**
     * Reads the client's keystrokes into the terminal, one read at a time: the next is asked for
     * only once the last is in the terminal, so the SSH window holds back a client typing faster
     * than the program reads. Runs on whichever thread finished the previous step.
     */
    private void readInput() {
        while (true) {
            IoReadFuture read = input.read(new ByteArrayBuffer(8192));
            if (!read.isDone()) {
                read.addListener(done -> {
                    if (deliver(done)) {
                        readInput();
                    }
                });
                return;
            }
            if (!deliver(read)) {
                return;
            }
        }
    }

    /** Hands one read to the terminal; true when the next read may follow at once. */
    private boolean deliver(IoReadFuture read) {
        Connection c = connection;
        if (read.getException() != null) {
            // EOF from the client, or the channel closed: a disconnect unless already ended
            if (c != null) {
                sessions.attachments().disconnect(c);
            }
            return false;
        }
        return read.getRead() <= 0 || c.input(read.getBuffer().array(), read.getBuffer().rpos(), read.getRead(),
                this::readInput);
    }

    @Override
    public void destroy(ChannelSession channel) {
        Connection c = connection;
        if (c != null) {
            sessions.attachments().disconnect(c);
        }
    }

    @Override
    public void send(byte[] chunk, Runnable sent) {
        output.send(chunk, sent);
    }

    @Override
    protected void print(byte[] text, boolean onStderr, Runnable then) {
        (onStderr ? errors : output).send(text, then);
    }

    @Override
    public void setIoInputStream(IoInputStream in) {
        this.input = in;
    }

    @Override
    public void setIoOutputStream(IoOutputStream out) {
        this.output = new AsyncSink(out);
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
        this.errors = new AsyncSink(err);
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
