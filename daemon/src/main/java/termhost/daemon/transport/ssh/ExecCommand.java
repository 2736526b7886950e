package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionAware;
import org.apache.sshd.server.channel.PipeDataReceiver;
import org.apache.sshd.server.command.AsyncCommandStreamsAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.TermhostException;
import termhost.daemon.session.Actor;
import termhost.daemon.session.ExecSession;
import termhost.daemon.session.SessionCore;

/**
 * {@code ssh host 'command'}: the command runs in a session of its own on plain pipes. When the
 * command ends, its exit status goes to the client at once and the session is logged off (ending
 * whatever the command left running); when the client goes away first, the session is logged off
 * too. OpenSSH leaves such processes behind; we do not.
 */
final class ExecCommand extends ChannelCommand implements AsyncCommandStreamsAware, ChannelSessionAware {
    private static final Logger log = LoggerFactory.getLogger(ExecCommand.class);
    /** Pieces of output each stream may have on their way at once: one sent, one read meanwhile. */
    private static final int IN_FLIGHT = 2;

    private final SessionCore sessions;
    private final String command;
    private volatile ExecSession exec;
    private AsyncSink output;
    private AsyncSink errors;

    ExecCommand(SessionCore sessions, String command) {
        this.sessions = sessions;
        this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Map<String, String> vars = env.getEnv();
        Actor actor = actorOf(channel);
        try {
            exec = sessions.execs().start(userOf(channel), command, vars, addressOf(channel), actor);
        } catch (TermhostException | IOException e) {
            log.warn("exec for {} failed: {}", actor.name(), e.getMessage());
            exit(1, "termhost: cannot run the command: " + e.getMessage(), true);
            return;
        }
        ExecSession x = exec;
        Thread stdout = pump(x.stdout(), output, "stdout");
        Thread stderr = pump(x.stderr(), errors, "stderr");
        Thread stdin = new Thread(() -> copyInput(x), "exec-" + x.session().id() + "-stdin");
        stdin.setDaemon(true);
        stdin.start();
        Thread waiter = new Thread(() -> {
            int status;
            try {
                status = x.process().waitFor();
                stdout.join();
                stderr.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exit(status, null, false);
            if (!x.session().closing()) { // else ended by a logoff that is under way: nothing to add
                sessions.logoffs().endQuietly(x.session(), actor, "its command exited with status " + status);
            }
        }, "exec-" + x.session().id());
        waiter.setDaemon(true);
        waiter.start();
    }

    private void copyInput(ExecSession x) {
        try (OutputStream stdin = x.stdin()) {
            in.transferTo(stdin);
        } catch (IOException e) {
            // the command closed its stdin or ended: nothing more to give it
        }
    }

    /**
     * Copies the command's output to the channel's non-blocking stream. MINA sends what the client's
     * window allows and the rest from its I/O thread as soon as the client opens the window again,
     * with no thread to wake: a client with a small window (Dropbear's 24 KiB, opened 8 KiB at a
     * time) got half of sshd's rate through the blocking stream, which woke this thread for each
     * window. Meanwhile this thread reads the next piece.
     */
    private Thread pump(InputStream from, AsyncSink to, String name) {
        Thread t = new Thread(() -> {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = from.read(buf)) >= 0; ) {
                    // a fast producer writes in small pieces (head, cat: 8 KiB): take what is
                    // already in the pipe too, so the client gets full SSH packets (fewer packets,
                    // fewer syscalls) without waiting for anything that is not there yet
                    for (int more; n < buf.length && from.available() > 0; n += more) {
                        if ((more = from.read(buf, n, buf.length - n)) < 0) {
                            break;
                        }
                    }
                    inFlight.acquire();
                    to.send(Arrays.copyOf(buf, n), inFlight::release);
                }
                // the exit status goes after the last byte
                inFlight.acquire(IN_FLIGHT);
            } catch (IOException e) {
                // the command's end of the pipe is gone: nothing more to send
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "exec-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    protected void print(byte[] text, boolean onStderr, Runnable then) {
        (onStderr ? errors : output).send(text, then);
    }

    /**
     * Output goes out non-blocking, but the command's stdin stays a plain stream, copied by a thread
     * of its own (a full pipe must never block MINA's I/O thread): installing the receiver here,
     * before MINA looks for one, keeps MINA from giving us its non-blocking input instead.
     */
    @Override
    public void setChannelSession(ChannelSession channel) {
        PipeDataReceiver receiver = new PipeDataReceiver(channel, channel.getLocalWindow());
        channel.setDataReceiver(receiver);
        setInputStream(receiver.getIn());
    }

    @Override
    public void setIoInputStream(IoInputStream in) {
        throw new IllegalStateException("exec input is the pipe of setChannelSession");
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
    public void destroy(ChannelSession channel) {
        ExecSession x = exec;
        if (x != null && !exited()) {
            Thread t = new Thread(() -> sessions.logoffs().endQuietly(x.session(),
                    Actor.daemon("ssh " + addressOf(channel)), "its client went away"), "exec-logoff");
            t.setDaemon(true);
            t.start();
        }
    }
}
