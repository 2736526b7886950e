package termhost.cli.transport;

import java.util.function.Consumer;
import termhost.api.TermhostException;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.wire.Progress;

/**
 * How a command reaches the daemon: the local control socket (or, in tests and the CDS training,
 * a stand-in). Either way the daemon decides who the caller is.
 */
public interface Transport {
    /**
     * For a call whose progress nobody shows. A class, not a lambda: linking a lambda is milliseconds
     * of a command's start (the commands' paths to the daemon have none of their own).
     */
    Consumer<Progress> NO_PROGRESS = new Consumer<>() {
        @Override
        public void accept(Progress event) {
        }
    };

    /**
     * Sends one request and returns its result; progress events met on the way go to
     * {@code onProgress}.
     *
     * @throws TermhostException for an {@code error} reply or when the daemon cannot be reached
     */
    <R extends Reply> R call(Request<R> request, Consumer<Progress> onProgress);
}
