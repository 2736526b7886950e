package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.future.ConnectFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections made ahead of use, at most one per key (a farm host at its address): {@link #take}
 * hands the spare over (or null), {@link #start} makes the next one in the background unless one
 * is there or on its way, and a spare not taken within {@code idle} is closed. The spare is made
 * {@code after} the call, so that its key exchange does not take the CPU from the logon that
 * asked for it. Thread-safe. {@link #close}: by the owner, once; it closes every spare, and a
 * second call does nothing.
 */
final class Spares implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spares.class);

    /** Starts one connection. */
    interface Maker {
        ConnectFuture make() throws IOException;
    }

    private final Duration idle;
    private final Duration after;
    private final Map<String, ConnectFuture> spares = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "farm-relay-spares");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    Spares(Duration idle, Duration after) {
        this.idle = idle;
        this.after = after;
    }

    /** The spare for {@code key}, which the caller now owns, or null. */
    ConnectFuture take(String key) {
        return spares.remove(key);
    }

    /** Makes a spare for {@code key} in the background, unless there is one or one is being made. */
    void start(String key, Maker maker) {
        if (closed || spares.containsKey(key) || !starting.add(key)) {
            return;
        }
        timer.schedule(() -> {
            try {
                ConnectFuture made = maker.make();
                if (closed || spares.putIfAbsent(key, made) != null) {
                    close(made);
                    return;
                }
                timer.schedule(() -> {
                    if (spares.remove(key, made)) {
                        close(made);
                    }
                }, idle.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException | RuntimeException e) {
                // the next relay there connects afresh, and says why if it cannot
                log.debug("farm: no spare connection to {}: {}", key, e.getMessage());
            } finally {
                starting.remove(key);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void close(ConnectFuture f) {
        f.addListener(done -> {
            if (done.isConnected()) {
                done.getSession().close(true);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        spares.values().forEach(Spares::close);
        spares.clear();
    }
}
