package termhost.daemon.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import termhost.api.TermhostException;

/** The many-sessions commands' way of working: one task per session, a bounded number at once. */
final class SideBySide {
    private SideBySide() {
    }

    /**
     * Runs {@code task} for each of {@code items}, at most {@code parallel} at once on daemon threads
     * named {@code name}; returns when every one has (or at once, the interrupt kept, when interrupted).
     * A task that throws is a defect: an internal error.
     */
    static <T> void run(List<T> items, int parallel, String name, Consumer<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, items.size())), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.accept(item)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw TermhostException.internal(e.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
