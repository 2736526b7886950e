package termhost.daemon.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.os.Errno;
import termhost.daemon.os.ErrnoException;
import termhost.daemon.os.Posix;

/**
 * The local control socket: a Unix stream socket where each connection carries one request,
 * answered by a {@link ControlHandler} together with the peer's kernel-verified credentials.
 *
 * <p>The socket file is mode 0666 on purpose: any local user may connect, because identity
 * comes from SO_PEERCRED, never from who could open the file; authorization is the handler's.
 * At most {@code maxConcurrent} requests run at once; the next connection is answered
 * {@code error.busy} without waiting for a slot, so a flood cannot build an unbounded backlog.
 *
 * <p>Lifecycle: the owner calls {@link #start()} once (a second call throws) and
 * {@link #close()} once it is done; close is idempotent and may be called from any thread.
 */
public final class ControlSocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlSocketServer.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int BACKLOG = 128;
    private static final int SOCKET_MODE = 0666;
    /**
     * Refusing "busy" still reads the request first: closing a Unix socket with unread data
     * resets the peer (ECONNRESET/EPIPE), and the client would never see the busy reply. These
     * few extra workers, each allowed a short read, do that; past them connections are dropped.
     */
    private static final int REFUSAL_SLOTS = 4;
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(1);
    private static final ControlHandler BUSY = (peer, request, replies) -> replies.send(ErrorReplies.busy());
    /** Errors after which accept can simply be tried again. */
    private static final Set<Integer> TRANSIENT = Set.of(Errno.EINTR, Errno.ECONNABORTED, Errno.EPROTO);
    /** Out of fds or memory: retrying at once would spin, so pause briefly; no event says "fd freed". */
    private static final Set<Integer> EXHAUSTED = Set.of(Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.ENOMEM);

    private final Path socketPath;
    private final ControlHandler handler;
    private final Semaphore slots;
    private final Semaphore refusalSlots = new Semaphore(REFUSAL_SLOTS);
    private final Duration requestTimeout;
    private final ExecutorService workers;
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    private boolean started;
    private int listenFd = -1;
    private Thread acceptThread;

    public ControlSocketServer(Path socketPath, ControlHandler handler, int maxConcurrent) {
        this(socketPath, handler, maxConcurrent, REQUEST_TIMEOUT);
    }

    /** For tests: a request timeout shorter than the 10 s default. */
    ControlSocketServer(Path socketPath, ControlHandler handler, int maxConcurrent, Duration requestTimeout) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("control socket: maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        this.socketPath = socketPath.toAbsolutePath();
        this.handler = handler;
        this.slots = new Semaphore(maxConcurrent);
        this.requestTimeout = requestTimeout;
        this.workers = Executors.newCachedThreadPool(daemonThreads("control-worker-"));
    }

    /**
     * Binds the socket (replacing a stale socket file, refusing if a server answers on it),
     * opens it to all local users and starts accepting.
     *
     * @throws IOException naming the path, if the socket cannot be set up
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (started || closing) {
                throw new IllegalStateException("control socket " + socketPath + " already started or closed");
            }
            started = true;
            UnixSockets.sockaddr(socketPath); // fail on a too-long path before touching any file
            StaleSocketFile.removeIfStale(socketPath);
            int fd = UnixSockets.listen(socketPath, BACKLOG);
            try {
                Posix.chmod(socketPath, SOCKET_MODE);
            } catch (IOException e) {
                UnixSockets.close(fd);
                Files.deleteIfExists(socketPath);
                throw e;
            }
            listenFd = fd;
            acceptThread = daemonThreads("control-accept-").newThread(() -> acceptLoop(fd));
            acceptThread.start();
            log.debug("control socket listening on {}", socketPath);
        }
    }

    public Path socketPath() {
        return socketPath;
    }

    private void acceptLoop(int fd) {
        while (!closing) {
            int client;
            try {
                client = UnixSockets.accept(fd);
            } catch (ErrnoException e) {
                if (closing) {
                    return;
                }
                if (TRANSIENT.contains(e.errno())) {
                    continue;
                }
                if (!EXHAUSTED.contains(e.errno())) {
                    log.error("control socket {} stopped accepting: {}", socketPath, e.getMessage());
                    return;
                }
                log.warn("control socket {}: {}; pausing accept", socketPath, e.getMessage());
                pause();
                continue;
            }
            dispatch(client);
        }
    }

    private void dispatch(int client) {
        if (slots.tryAcquire()) {
            execute(new ControlConnection(client, handler, requestTimeout), slots);
        } else if (refusalSlots.tryAcquire()) {
            execute(new ControlConnection(client, BUSY, REFUSAL_TIMEOUT), refusalSlots);
        } else {
            // Beyond even the refusal capacity: dropping is all that stays cheap under a flood.
            log.debug("control socket {} overloaded; dropping a connection", socketPath);
            UnixSockets.close(client);
        }
    }

    private void execute(ControlConnection connection, Semaphore slot) {
        try {
            workers.execute(() -> {
                try {
                    connection.run();
                } finally {
                    slot.release();
                }
            });
        } catch (RuntimeException e) { // rejected because close() shut the pool down meanwhile
            slot.release();
            connection.abandon();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops accepting, waits up to 2 s for running requests, then removes the socket file (only
     * if this server created it). Requests still running after that finish on their own.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            if (listenFd >= 0) {
                // close(2) alone does not wake a thread blocked in accept(2); shutdown(2) does.
                UnixSockets.shutdown(listenFd);
                join(acceptThread);
                // Only now: closed earlier, the number could be reused and accepted on by mistake.
                UnixSockets.close(listenFd);
            }
            workers.shutdown();
            awaitWorkers();
            if (listenFd >= 0) {
                deleteSocketFile();
                listenFd = -1;
            }
        }
    }

    private void join(Thread thread) {
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitWorkers() {
        try {
            if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("control socket {}: requests still running after {} s", socketPath, CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteSocketFile() {
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            log.warn("control socket {}: could not remove socket file: {}", socketPath, e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
