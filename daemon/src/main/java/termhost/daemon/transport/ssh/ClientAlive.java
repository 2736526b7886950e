package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server keep-alive as OpenSSH's ClientAliveInterval / ClientAliveCountMax: every {@code interval}
 * a {@code keepalive@openssh.com} global request asking for a reply; any reply (clients answer
 * "failure", which is fine) resets the count; with {@code countMax} unanswered in a row the SSH
 * connection is closed. A client that vanished without FIN (stopped, network cut) is so noticed
 * after interval x (countMax + 1), and its session turns Disc (F6).
 *
 * <p>Why our own: MINA's HEARTBEAT_* properties drive only its client side, and its server
 * heartbeat (SSH_MSG_IGNORE) expects no answer, so it never notices a dead peer.
 *
 * <p>Lifecycle: registered as a session listener before the server starts; {@link #close} once,
 * with the server.
 */
final class ClientAlive implements SessionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientAlive.class);
    static final String REQUEST = "keepalive@openssh.com";

    private final Duration interval;
    private final int countMax;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ssh-client-alive");
        t.setDaemon(true);
        return t;
    });
    private final Map<Session, ScheduledFuture<?>> running = new ConcurrentHashMap<>();

    /** @param interval zero: no keep-alive; @param countMax 0: probe, but never close (as OpenSSH) */
    ClientAlive(Duration interval, int countMax) {
        this.interval = interval;
        this.countMax = countMax;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated && !interval.isZero() && !interval.isNegative()) {
            AtomicInteger unanswered = new AtomicInteger();
            AtomicLong answeredAt = new AtomicLong(System.nanoTime());
            long ms = interval.toMillis();
            // fixed delay, not fixed rate: after a stall of this thread, probes must not run back to
            // back and find the ones just sent unanswered
            running.put(session, timer.scheduleWithFixedDelay(() -> probe(session, unanswered, answeredAt), ms, ms,
                    TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void sessionClosed(Session session) {
        ScheduledFuture<?> f = running.remove(session);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void probe(Session session, AtomicInteger unanswered, AtomicLong answeredAt) {
        if (!session.isOpen()) {
            sessionClosed(session);
            return;
        }
        if (countMax > 0 && unanswered.get() >= countMax) {
            log.info("ssh connection from {}: no answer to {} keep-alives in a row, none for {} ms; closing it",
                    session.getIoSession().getRemoteAddress(), unanswered.get(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt.get()));
            sessionClosed(session);
            ConnectionEnd.because(session, "no answer to " + unanswered.get() + " keep-alives in a row");
            session.close(true);
            return;
        }
        try {
            Buffer buf = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + Byte.SIZE);
            buf.putString(REQUEST);
            buf.putBoolean(true);
            int n = unanswered.incrementAndGet();
            log.debug("keep-alive #{} to {}", n, session.getIoSession().getRemoteAddress());
            session.request(buf, REQUEST, (cmd, reply) -> {
                log.debug("keep-alive answer {} from {}", cmd, session.getIoSession().getRemoteAddress());
                unanswered.set(0);
                answeredAt.set(System.nanoTime());
            });
        } catch (IOException | RuntimeException e) {
            log.debug("ssh keep-alive to {} failed: {}", session.getIoSession().getRemoteAddress(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        running.clear();
    }
}
