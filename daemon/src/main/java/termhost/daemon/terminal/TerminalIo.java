package termhost.daemon.terminal;

import com.sun.jna.Memory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.os.Posix;
import termhost.daemon.os.UnixSockets;

/**
 * Moves the bytes of every attached terminal with one thread: a poll(2) loop over the PTY masters
 * of all connections, and over the pipes of exec commands and the sockets of forwards alike. A thread per connection and direction cost about 150 KiB each (stack pages
 * and arenas): at 500 connected sessions that was most of the daemon's memory.
 *
 * <ul>
 *   <li>Output: a chunk read from a PTY goes to its {@link Sink}; that PTY is not read again until
 *       the sink says the chunk went out, so a slow client slows only its own terminal and no
 *       output piles up in the daemon.</li>
 *   <li>Input: written without blocking; what does not fit waits for POLLOUT, and the writer hears
 *       when it is in, so it reads no more from its client meanwhile.</li>
 *   <li>A PTY is closed only after this thread stopped polling it and writers were shut out: a
 *       descriptor number is never used after the kernel could have given it to someone else.</li>
 * </ul>
 */
public final class TerminalIo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TerminalIo.class);
    private static final short POLLIN = 0x1;
    private static final short POLLOUT = 0x4;
    private static final int POLLFD_SIZE = 8;
    /**
     * A PTY read returns at most a few KiB, a program's output pipe up to its 512 KiB (see Spawn);
     * one buffer serves every stream. Reads of 128 KiB rather than 64 cost the daemon less CPU per
     * byte in a bulk transfer (fewer rounds through poll, the sink and the wake-up per MB).
     */
    private static final int CHUNK = 128 * 1024;
    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};
    /**
     * Chunks of one terminal's output on their way to its client at once: the next is read while
     * the last is encrypted and sent (with one, a bulk transfer waited for each round trip through
     * the SSH layer and ran at two thirds of the speed). Bounds what a slow client leaves in memory.
     */
    static final int IN_FLIGHT = 4;

    /** Where a terminal's output goes, and who hears that it ended. */
    public interface Sink {
        /** One chunk of output (called on the I/O thread: must not block); run {@code sent} once it went out. */
        void output(byte[] chunk, Runnable sent);

        /** The terminal is gone (its program ended, or it was closed). Called once, off the I/O thread. */
        void ended();
    }

    private final int wakeFd;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The I/O thread's own: no other thread touches these. */
    private final List<Terminal> terminals = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final Memory readBuffer = new Memory(CHUNK);
    private Memory pollFds = new Memory(POLLFD_SIZE * 64L);
    /** Releasing and ended() may block (a logoff after the shell exited): never on the I/O thread. */
    private final ExecutorService endings = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "terminal-ended");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread;
    private volatile boolean closed;

    public TerminalIo() throws IOException {
        wakeFd = Posix.eventfd();
        thread = new Thread(this::loop, "terminal-io");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Takes over {@code fd}, a PTY master. Nothing is read from it before {@link Terminal#start}.
     *
     * @param release closes the descriptor (and ends whatever owns it); runs once the terminal is
     *     no longer polled or written, off the I/O thread
     */
    public Terminal register(int fd, Runnable release) throws IOException {
        Posix.setNonBlocking(fd);
        Terminal t = new Terminal(fd, release);
        submit(() -> terminals.add(t));
        return t;
    }

    /**
     * Runs {@code ready} (off the I/O thread) once {@code fd} is readable, e.g. a pidfd once its
     * process has exited; then closes {@code fd}. The loop owns {@code fd} from now on.
     */
    public Watch watch(int fd, Runnable ready) {
        Watch w = new Watch(fd, ready);
        submit(() -> watches.add(w));
        return w;
    }

    /**
     * Accepts connections on {@code fd}, a listening socket, as they come; each new one (non-blocking,
     * close-on-exec) goes to {@code accepted}, called on the I/O thread: it must not block. The loop
     * owns {@code fd} from now on; {@link Acceptor#close} closes it.
     */
    public Acceptor accept(int fd, IntConsumer accepted) throws IOException {
        Posix.setNonBlocking(fd);
        Acceptor a = new Acceptor(fd, accepted);
        submit(() -> acceptors.add(a));
        return a;
    }

    /** Stops the I/O thread once the work queued before (e.g. closing terminals) is done. */
    @Override
    public void close() {
        submit(() -> closed = true);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endings.shutdown();
    }

    private void submit(Runnable task) {
        tasks.add(task);
        wake();
    }

    private void wake() {
        try {
            Posix.write(wakeFd, ONE, ONE.length);
        } catch (IOException e) {
            log.error("cannot wake the terminal I/O thread: {}", e.getMessage());
        }
    }

    private void loop() {
        Terminal[] polled = new Terminal[0];
        while (!closed) {
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                if (polled.length < terminals.size()) {
                    polled = new Terminal[terminals.size() * 2];
                }
                // streams ending once their program has: read now what is there, without waiting
                for (Terminal t : List.copyOf(terminals)) {
                    if (t.draining && t.reading) {
                        serve(t, POLLIN);
                    }
                }
                int count = fillPollSet(polled);
                Posix.poll(pollFds, count, -1);
                if (pollFds.getShort(6) != 0) {
                    Posix.read(wakeFd, readBuffer, 8);
                }
                int watched = count - watches.size();
                int accepting = watched - acceptors.size();
                for (int i = 1; i < accepting; i++) {
                    short revents = pollFds.getShort((long) i * POLLFD_SIZE + 6);
                    if (revents != 0) {
                        serve(polled[i - 1], revents);
                    }
                }
                for (Acceptor a : List.copyOf(acceptors)) {
                    if (pollFds.getShort((long) accepting++ * POLLFD_SIZE + 6) != 0) {
                        a.acceptAll();
                    }
                }
                List<Watch> ready = new ArrayList<>();
                for (int i = watched; i < count; i++) {
                    if (pollFds.getShort((long) i * POLLFD_SIZE + 6) != 0) {
                        ready.add(watches.get(i - watched));
                    }
                }
                ready.forEach(this::fire);
            } catch (IOException | RuntimeException e) {
                log.error("terminal I/O: {}", e.toString(), e);
            }
        }
        Posix.close(wakeFd);
    }

    /** The wake-up descriptor, then every terminal with something to wait for; returns the count. */
    private int fillPollSet(Terminal[] polled) {
        long need = (long) (terminals.size() + acceptors.size() + watches.size() + 1) * POLLFD_SIZE;
        if (pollFds.size() < need) {
            pollFds = new Memory(need * 2);
        }
        put(0, wakeFd, POLLIN);
        int count = 1;
        for (Terminal t : terminals) {
            short events = (short) ((t.reading ? POLLIN : 0) | (t.hasPendingInput() ? POLLOUT : 0));
            // a paused terminal is left out: a hung-up PTY reports POLLHUP whatever we ask for
            if (events != 0) {
                put(count, t.fd, events);
                polled[count - 1] = t;
                count++;
            }
        }
        // then the listeners and the watches last, each in their list's order: the loop finds them by position
        for (Acceptor a : acceptors) {
            put(count++, a.fd, POLLIN);
        }
        for (Watch w : watches) {
            put(count++, w.fd, POLLIN);
        }
        return count;
    }

    /** A watch's descriptor is ready: no longer polled, closed, its action run off this thread. I/O thread only. */
    private void fire(Watch w) {
        watches.remove(w);
        Posix.close(w.fd);
        endings.execute(w.ready);
    }

    private void put(int index, int fd, short events) {
        long at = (long) index * POLLFD_SIZE;
        pollFds.setInt(at, fd);
        pollFds.setShort(at + 4, events);
        pollFds.setShort(at + 6, (short) 0);
    }

    private void serve(Terminal t, short revents) {
        if ((revents & POLLOUT) != 0) {
            t.flushInput();
        }
        if ((revents & ~POLLOUT) == 0 || !t.reading || t.removed) {
            return;
        }
        int n;
        try {
            n = Posix.read(t.fd, readBuffer, CHUNK);
        } catch (IOException e) {
            n = 0;
        }
        if (n > 0) {
            t.inFlight++;
            t.reading = t.inFlight < IN_FLIGHT;
            t.sink.output(readBuffer.getByteArray(0, n), () -> submit(() -> sent(t)));
        } else if (n == 0 || (revents & ~(POLLIN | POLLOUT)) != 0 || t.draining) {
            // EOF/EIO, or a hang-up or error with nothing to read: the program's side is closed; or
            // nothing more now from a stream whose program has ended: what comes later is another's.
            // It ends once what was read went out: its sink hears of the end after the last chunk.
            t.reading = false;
            t.atEnd = true;
            if (t.inFlight == 0) {
                remove(t);
            }
        }
    }

    /** One chunk of {@code t}'s output went out: read on, or end once the last one did. I/O thread only. */
    private void sent(Terminal t) {
        t.inFlight--;
        if (t.removed) {
            return;
        }
        if (!t.atEnd) {
            t.reading = true;
        } else if (t.inFlight == 0) {
            remove(t);
        }
    }

    /**
     * Stops polling {@code t}; then, off this thread (ending a program may take a moment), releases
     * it and tells its sink. I/O thread only; once per terminal.
     */
    private void remove(Terminal t) {
        if (t.removed) {
            return;
        }
        t.removed = true;
        terminals.remove(t);
        Runnable inputWaiting = t.dropInput();
        if (inputWaiting != null) {
            inputWaiting.run();
        }
        Sink sink = t.sink;
        endings.execute(() -> {
            try {
                t.release.run();
            } catch (RuntimeException e) {
                log.warn("releasing terminal fd {}: {}", t.fd, e.toString());
            }
            if (sink != null) {
                sink.ended();
            }
        });
    }

    /** One PTY master in the loop. */
    public final class Terminal {
        private final int fd;
        private final Runnable release;
        /** I/O thread only. */
        private Sink sink;
        private boolean reading;
        /** Chunks handed to the sink that did not go out yet; at most {@link #IN_FLIGHT}. */
        private int inFlight;
        /** The stream ended (or has nothing more after its program's end): remove once nothing is in flight. */
        private boolean atEnd;
        private boolean removed;
        /** The program ended: read what is there, then end (I/O thread only). */
        private boolean draining;
        /** Guarded by this: input that did not fit yet, and who waits for it. */
        private boolean gone;
        private byte[] pendingInput;
        private Runnable inputWritten;
        /** Guarded by this: close once the pending input is in (the client's end of input). */
        private boolean closeWhenWritten;
        /** Guarded by this: shut the socket's sending side once the pending input is in. */
        private boolean shutdownWhenWritten;

        private Terminal(int fd, Runnable release) {
            this.fd = fd;
            this.release = release;
        }

        /** Starts sending the terminal's output to {@code sink}. */
        public void start(Sink sink) {
            submit(() -> {
                if (!removed) {
                    this.sink = sink;
                    this.reading = true;
                } else {
                    endings.execute(sink::ended);
                }
            });
        }

        /**
         * Writes input to the program. Returns true when all of it is in the PTY now; otherwise
         * {@code written} runs once it is (or once the terminal is gone and it was dropped). One
         * write at a time: the caller sends the next only after that.
         */
        public boolean write(byte[] data, int off, int len, Runnable written) {
            synchronized (this) {
                if (gone) {
                    return true; // the program is gone: the input has nowhere to go
                }
                byte[] bytes = off == 0 ? data : Arrays.copyOfRange(data, off, off + len);
                int n;
                try {
                    n = Posix.write(fd, bytes, len);
                } catch (IOException e) {
                    return true; // EIO: the program's side closed; the reader sees the end
                }
                if (n >= len) {
                    return true;
                }
                pendingInput = Arrays.copyOfRange(bytes, n, len);
                inputWritten = written;
            }
            wake();
            return false;
        }

        /** Runs {@code action} on the descriptor unless the terminal is already closed (then not). */
        public synchronized void ifOpen(Runnable action) {
            if (!gone) {
                action.run();
            }
        }

        /** Stops the terminal: no more reads or writes; the I/O thread releases it and tells the sink. */
        public void close() {
            submit(() -> remove(this));
        }

        /** Closes it once the input written so far is in: the end of a program's input (EOF). */
        public void closeWhenWritten() {
            synchronized (this) {
                if (pendingInput != null) {
                    closeWhenWritten = true;
                    return;
                }
            }
            close();
        }

        /**
         * A socket's end of input (the client's EOF on a forwarded connection): shutdown(SHUT_WR)
         * once what was written is in, while its replies are still read. The caller writes no more.
         */
        public void shutdownOutput() {
            synchronized (this) {
                if (pendingInput != null) {
                    shutdownWhenWritten = true;
                    return;
                }
            }
            ifOpen(() -> UnixSockets.shutdownOutput(fd));
        }

        /** Its program has ended: what it wrote is read and sent, then the terminal ends, whoever still holds it open. */
        public void drainThenEnd() {
            submit(() -> draining = true);
        }

        /** The descriptor, for an ioctl on it (inside {@link #ifOpen} only). */
        int fd() {
            return fd;
        }

        private synchronized boolean hasPendingInput() {
            return pendingInput != null;
        }

        private void flushInput() {
            Runnable done = null;
            synchronized (this) {
                if (pendingInput == null) {
                    return;
                }
                int n;
                try {
                    n = Posix.write(fd, pendingInput, pendingInput.length);
                } catch (IOException e) {
                    n = pendingInput.length; // dropped: the program is gone
                }
                if (n >= pendingInput.length) {
                    pendingInput = null;
                    done = inputWritten;
                    inputWritten = null;
                    if (closeWhenWritten) {
                        remove(this);
                    } else if (shutdownWhenWritten && !gone) {
                        UnixSockets.shutdownOutput(fd);
                    }
                } else if (n > 0) {
                    pendingInput = Arrays.copyOfRange(pendingInput, n, pendingInput.length);
                }
            }
            if (done != null) {
                done.run();
            }
        }

        /** Marks the descriptor unusable for writers; returns who still waited for input to go in. */
        private synchronized Runnable dropInput() {
            gone = true;
            pendingInput = null;
            Runnable waiting = inputWritten;
            inputWritten = null;
            return waiting;
        }
    }

    /** A listening socket in the loop; see {@link #accept}. */
    public final class Acceptor {
        private final int fd;
        private final IntConsumer accepted;

        private Acceptor(int fd, IntConsumer accepted) {
            this.fd = fd;
            this.accepted = accepted;
        }

        /** I/O thread only: every connection waiting now. */
        private void acceptAll() {
            try {
                for (int c; (c = UnixSockets.accept(fd)) >= 0; ) {
                    accepted.accept(c);
                }
            } catch (IOException e) {
                // e.g. EMFILE: polled on, the listener would be ready at once again and spin the loop
                log.warn("accept on fd {}: {}; the listener is closed", fd, e.getMessage());
                if (acceptors.remove(this)) {
                    Posix.close(fd);
                }
            }
        }

        /** Stops accepting and closes the listener (on the I/O thread, once it no longer polls it). Idempotent. */
        public void close() {
            submit(() -> {
                if (acceptors.remove(this)) {
                    Posix.close(fd);
                }
            });
        }
    }

    /** A descriptor the loop waits on to become readable; see {@link #watch}. */
    public final class Watch {
        private final int fd;
        private final Runnable ready;

        private Watch(int fd, Runnable ready) {
            this.fd = fd;
            this.ready = ready;
        }
    }
}
