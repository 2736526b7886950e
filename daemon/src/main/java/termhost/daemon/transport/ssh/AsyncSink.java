package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Writes to a channel's non-blocking stream in order. MINA refuses a write while the previous one
 * is pending (it waits for the client's window), so writes from the terminal and a closing line
 * from another thread queue here; each one's callback runs when it went out or failed.
 */
final class AsyncSink {
    private record Write(byte[] data, Runnable then) {
    }

    private final IoOutputStream stream;
    private final Queue<Write> queue = new ArrayDeque<>();
    private boolean writing;

    AsyncSink(IoOutputStream stream) {
        this.stream = stream;
    }

    void send(byte[] data, Runnable then) {
        synchronized (this) {
            queue.add(new Write(data, then));
            if (writing) {
                return;
            }
            writing = true;
        }
        writeNext();
    }

    private void writeNext() {
        Write w;
        synchronized (this) {
            w = queue.poll();
            if (w == null) {
                writing = false;
                return;
            }
        }
        try {
            stream.writeBuffer(new ByteArrayBuffer(w.data())).addListener(f -> {
                w.then().run();
                writeNext();
            });
        } catch (IOException | RuntimeException e) {
            // the channel is closing: this write and the ones after it go nowhere
            w.then().run();
            writeNext();
        }
    }
}
