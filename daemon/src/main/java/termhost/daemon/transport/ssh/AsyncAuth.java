package termhost.daemon.transport.ssh;

import java.util.concurrent.CompletableFuture;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A userauth verdict that comes later, from a thread of PAM's, handed to MINA without holding the
 * I/O thread that asked: MINA's {@link AsyncAuthException}, settled when the verdict is there.
 * A verdict of null means "in progress": questions went to the client, whose answers come back
 * through the method's {@code next}.
 */
final class AsyncAuth {
    private static final Logger log = LoggerFactory.getLogger(AsyncAuth.class);

    private AsyncAuth() {
    }

    /** The verdict when {@code verdict} already has it; otherwise throws MINA's exception that waits for it. */
    static Boolean await(CompletableFuture<Boolean> verdict) {
        if (verdict.isDone()) {
            return verdict.handle((ok, e) -> e == null ? ok : failed(e)).join();
        }
        AsyncAuthException async = new AsyncAuthException();
        verdict.whenComplete((ok, e) -> {
            Boolean v = e == null ? ok : failed(e);
            if (v != null) {
                async.setAuthed(v);
            }
        });
        throw async;
    }

    private static Boolean failed(Throwable e) {
        log.warn("logon step failed: {}", e.toString());
        return Boolean.FALSE;
    }
}
