package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.config.MaxStartups;

/**
 * The front door under a logon storm: the version banner goes out at accept, and handshakes wait
 * their turn on a few workers.
 *
 * <p>Why: MINA runs everything of every connection on its few I/O threads (cores + 1): accepting,
 * which is when the server's version banner goes out, and each packet received. A key exchange
 * (X25519, an Ed25519 signature) and a public-key logon (authorized_keys, a signature check) take
 * milliseconds of CPU each, and MINA accepts one connection at a time, each accept queued behind
 * every packet already waiting for an I/O thread. With 200 clients at once, accepts trickled out
 * while the handshakes of the first ones ran: clients gave up waiting for the banner (OpenSSH's
 * ConnectTimeout; measured 49 and 107 of 200 in two bursts).
 *
 * <p>So until a connection has logged on, each read of it is handed to one of a few workers, and
 * the connection's next read waits until the worker is done (MINA's
 * suspendRead/resumeRead): its packets stay in order, a connection holds at most one place in the
 * queue, and the I/O threads only move bytes. After the logon, packets are handled where they
 * arrive, as MINA does: a channel's work leaves the I/O threads in its command (see
 * {@link ExecCommand}, {@link ShellCommand}).
 *
 * <p>The queue is bounded as sshd bounds its connections waiting to log on ({@code MaxStartups}):
 * from {@code start} of them a new connection is refused at random, before its banner, and from
 * {@code full} on every one.
 *
 * <p>Lifecycle: made with the server and registered as its session listener (it counts who waits);
 * {@link #close} once, after the server stopped.
 */
final class HandshakeQueue extends SessionFactory implements SessionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandshakeQueue.class);

    private final ExecutorService workers;
    private final MaxStartups limit;
    /** Connections accepted and not yet logged on. */
    private final Set<Session> waiting = ConcurrentHashMap.newKeySet();

    HandshakeQueue(ServerFactoryManager server, int workerCount, MaxStartups limit) {
        super(server);
        this.limit = limit;
        AtomicInteger n = new AtomicInteger();
        // fixed and never idle-ended: a storm comes back; the queue holds one read per connection
        workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ssh-handshake-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void sessionCreated(IoSession io) throws Exception {
        int n = waiting.size();
        if (ThreadLocalRandom.current().nextDouble() < limit.refusalChance(n)) {
            log.info("ssh connection from {} refused: {} connections wait to log on (ssh.max-startups {})",
                    io.getRemoteAddress(), n, limit);
            // MINA's acceptor closes the connection and goes on accepting
            throw new IOException("past ssh.max-startups");
        }
        super.sessionCreated(io);
    }

    @Override
    public void sessionCreated(Session session) {
        waiting.add(session);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            waiting.remove(session);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        waiting.remove(session);
    }

    @Override
    public void messageReceived(IoSession io, Readable message) throws Exception {
        AbstractSession session = AbstractSession.getSession(io, true);
        if (session == null || session.isAuthenticated()) {
            super.messageReceived(io, message);
            return;
        }
        // MINA reuses its read buffer for the next read: the worker gets a copy
        byte[] bytes = new byte[message.available()];
        message.getRawBytes(bytes, 0, bytes.length);
        io.suspendRead();
        workers.execute(() -> handle(io, bytes));
    }

    private void handle(IoSession io, byte[] bytes) {
        try {
            super.messageReceived(io, Readable.readable(ByteBuffer.wrap(bytes)));
        } catch (Throwable e) {
            // what MINA does when a read's handling throws on an I/O thread: the connection ends
            try {
                exceptionCaught(io, e);
            } catch (Throwable again) {
                log.debug("ssh connection {}: {}", io.getRemoteAddress(), again.toString());
                io.close(true);
            }
        } finally {
            io.resumeRead();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
