package termhost.cli.transport;

import java.util.function.Consumer;
import termhost.api.TermhostException;
import termhost.api.wire.Message;

/**
 * How a command reaches the daemon: the local control socket, or (inside the daemon, for
 * {@code ssh host <command>}) a direct call. Either way the daemon decides who the caller is.
 */
public interface Transport {
    /**
     * Sends one request and returns its {@code result}; {@code event}s met on the way go to
     * {@code onEvent}.
     *
     * @throws TermhostException for an {@code error} reply or when the daemon cannot be reached
     */
    Message call(Message request, Consumer<Message> onEvent);
}
