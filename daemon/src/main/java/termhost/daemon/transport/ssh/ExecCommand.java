package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
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
final class ExecCommand extends ChannelCommand {
    private static final Logger log = LoggerFactory.getLogger(ExecCommand.class);

    private final SessionCore sessions;
    private final String command;
    private volatile ExecSession exec;

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
        Thread stdout = pump(x.stdout(), out, "stdout");
        Thread stderr = pump(x.stderr(), err, "stderr");
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

    private Thread pump(InputStream from, OutputStream to, String name) {
        Thread t = new Thread(() -> {
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
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the client went away: destroy() logs the session off
            }
        }, "exec-" + name);
        t.setDaemon(true);
        t.start();
        return t;
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
