package termhost.daemon.control;

import java.io.IOException;
import termhost.api.wire.Message;

/**
 * Where a {@link ControlHandler} writes its replies. Each message is flushed at once, so a
 * client sees progress events as they happen. Safe to call from several threads; fails with an
 * IOException once the client is gone or after the handler has returned.
 */
@FunctionalInterface
public interface ReplySink {
    void send(Message m) throws IOException;
}
