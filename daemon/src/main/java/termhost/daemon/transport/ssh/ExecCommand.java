package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.TermhostException;
import termhost.daemon.os.Spawn;
import termhost.daemon.session.Actor;
import termhost.daemon.session.ExecSession;
import termhost.daemon.session.SessionCore;
import termhost.daemon.terminal.TerminalIo;

/**
 * {@code ssh host 'command'} (and a subsystem such as sftp): the command line runs in a session of
 * its own, on pipes or, when the client asked for one ({@code ssh -t}), on a terminal. Bytes move
 * both ways as they come, through the daemon's one I/O loop: the client's input is read only as
 * fast as the program takes it, the program's output only as fast as the client's window allows.
 * The client's EOF closes the program's stdin. When the program ends, what it wrote goes out, then
 * its exit status (or the signal that killed it), and the session is logged off, ending whatever
 * the command left running; when the client goes away first, the session is logged off too.
 * OpenSSH leaves such processes behind; we do not.
 */
final class ExecCommand extends ChannelCommand {
    private static final Logger log = LoggerFactory.getLogger(ExecCommand.class);
    /** Starting a session and logging one off take a moment: never on MINA's I/O threads. */
    private static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-session");
        t.setDaemon(true);
        return t;
    });

    private final SessionCore sessions;
    private final String command;
    private final String originalCommand;
    private volatile ExecSession exec;
    private volatile boolean destroyed;

    /**
     * @param command the line to run
     * @param originalCommand when {@code command} is a key's forced one, what the client asked
     *     for (null for a shell request, as sshd leaves {@code SSH_ORIGINAL_COMMAND} unset then)
     */
    ExecCommand(SessionCore sessions, String command, String originalCommand) {
        this.sessions = sessions;
        this.command = command;
        this.originalCommand = originalCommand;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        attach(channel);
        boolean terminal = ((SessionChannel) channel).terminalRequested();
        // listen before the start: a window-change that comes meanwhile must not be lost
        env.addSignalListener((ch, signal) -> {
            ExecSession x = exec;
            if (x != null) {
                x.program().resize(columnsOf(env), linesOf(env));
            }
        }, Signal.WINCH);
        WORK.execute(() -> begin(channel, env, terminal));
    }

    private void begin(ChannelSession channel, Environment env, boolean terminal) {
        Actor actor = actorOf(channel);
        ExecSession x;
        try {
            x = sessions.execs().start(userOf(channel), command, originalCommand, terminal ? terminalOf(env) : null,
                    env.getEnv(), addressOf(channel), serverAddressOf(channel), actor,
                    ClientAgent.of(sshConnection(channel)).orElse(null));
        } catch (TermhostException | IOException e) {
            log.warn("exec for {} failed: {}", actor.name(), e.getMessage());
            exit(1, "termhost: cannot run the command: " + e.getMessage(), true);
            return;
        }
        exec = x;
        if (destroyed) { // the client left while the session started
            clientGone(channel, x);
            return;
        }
        if (terminal) {
            x.program().resize(columnsOf(env), linesOf(env)); // it may have changed since the pty-req
        }
        x.program().start(sinkOf(output), sinkOf(errors), status -> exited(channel, x, actor, status));
        readInput();
    }

    private static TerminalIo.Sink sinkOf(ChannelOutput sink) {
        return new TerminalIo.Sink() {
            @Override
            public void output(byte[] chunk, Runnable sent) {
                sink.send(chunk, sent);
            }

            @Override
            public void ended() {
                // the program's exit is what ends the channel (see exited)
            }
        };
    }

    /** Its program ended and all it wrote went out: the status, then the session's logoff. */
    private void exited(ChannelSession channel, ExecSession x, Actor actor, Spawn.ExitStatus status) {
        String name = status.signalName();
        if (name != null) {
            ((SessionChannel) channel).endedBySignal(name, status.coreDumped(), "");
        }
        exit(status.shellStatus(), null, false);
        if (!x.session().closing()) { // else ended by a logoff that is under way: nothing to add
            sessions.logoffs().endQuietly(x.session(), actor, name == null
                    ? "its command exited with status " + status.code()
                    : "its command was killed by signal " + status.signal());
        }
    }

    @Override
    protected boolean deliver(byte[] data, int off, int len, Runnable resume) {
        return exec.program().write(data, off, len, resume);
    }

    @Override
    protected void inputEnded() {
        exec.program().endInput();
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed = true;
        ExecSession x = exec;
        if (x != null) {
            clientGone(channel, x);
        }
    }

    /** The channel closed: its bytes stop; unless the program already ended, the session is logged off. */
    private void clientGone(ChannelSession channel, ExecSession x) {
        x.program().close();
        if (!exited()) {
            WORK.execute(() -> sessions.logoffs().endQuietly(x.session(), Actor.daemon("ssh " + addressOf(channel)),
                    "its client went away"));
        }
    }
}
