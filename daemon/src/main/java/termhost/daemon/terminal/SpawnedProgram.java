package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;

/**
 * A program started by {@link Spawn} whose descriptors the I/O loop polls: on pipes (stdin,
 * stdout, stderr apart) or on a PTY. Its end is heard from a pidfd in the same loop; then what it
 * wrote is read to the end of what is there and sent, and only then is its exit reported: its
 * output always comes before its status, even when a process it left behind holds a stream open.
 */
final class SpawnedProgram implements Program {
    private static final byte[] EOF_CHARACTER = {4};

    private final int pid;
    private final TerminalIo.Terminal input;
    private final TerminalIo.Terminal out;
    private final TerminalIo.Terminal err;
    private final boolean onPty;
    private final AtomicInteger openOutputs;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Spawn.ExitStatus status;
    private volatile Consumer<Spawn.ExitStatus> exited;

    private SpawnedProgram(int pid, TerminalIo.Terminal input, TerminalIo.Terminal out, TerminalIo.Terminal err) {
        this.pid = pid;
        this.input = input;
        this.out = out;
        this.err = err;
        this.onPty = err == null;
        this.openOutputs = new AtomicInteger(err == null ? 1 : 2);
    }

    /** The starter of a daemon: every program's streams join the one loop {@code io}. */
    static Programs starter(TerminalIo io, LoginRecords records) {
        return (argv, env, dir, window, who) -> window == null ? onPipes(io, argv.apply(null), env, dir)
                : onPty(io, records, argv, env, dir, window, who);
    }

    private static Program onPipes(TerminalIo io, List<String> argv, Map<String, String> env, String dir)
            throws IOException {
        Spawn.OnPipes p = Spawn.onPipes(argv, env, dir);
        try {
            SpawnedProgram program = new SpawnedProgram(p.pid(), io.register(p.stdin(), () -> Posix.close(p.stdin())),
                    io.register(p.stdout(), () -> Posix.close(p.stdout())),
                    io.register(p.stderr(), () -> Posix.close(p.stderr())));
            program.watchExit(io);
            return program;
        } catch (IOException | RuntimeException e) {
            for (int fd : new int[] {p.stdin(), p.stdout(), p.stderr()}) {
                Posix.close(fd);
            }
            throw e;
        }
    }

    private static Program onPty(TerminalIo io, LoginRecords records, Function<String, List<String>> argv,
            Map<String, String> env, String dir, Programs.Window window, LoginRecords.Who who) throws IOException {
        PtyProcess p = PtyProcess.start(records, argv, env, dir, window.cols(), window.rows(), who);
        try {
            TerminalIo.Terminal master = io.register(p.master(), p::releaseTerminal);
            SpawnedProgram program = new SpawnedProgram(p.pid(), master, master, null);
            program.watchExit(io);
            return program;
        } catch (IOException | RuntimeException e) {
            p.releaseTerminal();
            throw e;
        }
    }

    /** The pidfd joins the loop: the program's end is an event, no thread waits for it. */
    private void watchExit(TerminalIo io) throws IOException {
        io.watch(Spawn.pidfd(pid), this::ended);
    }

    /** It has exited (the pidfd said so): collect it, read what it left in its streams, then report. */
    private void ended() {
        try {
            status = Spawn.reapIfExited(pid).orElseGet(() -> {
                Spawn.reap(pid);
                return new Spawn.ExitStatus(0, 0, false);
            });
        } catch (IOException e) {
            status = new Spawn.ExitStatus(255, 0, false);
        }
        out.drainThenEnd();
        if (err != null) {
            err.drainThenEnd();
        }
        reportWhenDone();
    }

    @Override
    public void start(TerminalIo.Sink stdout, TerminalIo.Sink stderr, Consumer<Spawn.ExitStatus> whenExited) {
        exited = whenExited;
        out.start(counted(stdout));
        if (err != null) {
            err.start(counted(stderr));
        }
    }

    /** A sink whose end counts towards the report of the exit. */
    private TerminalIo.Sink counted(TerminalIo.Sink sink) {
        return new TerminalIo.Sink() {
            @Override
            public void output(byte[] chunk, Runnable sent) {
                sink.output(chunk, sent);
            }

            @Override
            public void ended() {
                sink.ended();
                openOutputs.decrementAndGet();
                reportWhenDone();
            }
        };
    }

    private void reportWhenDone() {
        Spawn.ExitStatus s = status;
        Consumer<Spawn.ExitStatus> listener = exited;
        if (s != null && listener != null && openOutputs.get() == 0 && reported.compareAndSet(false, true)) {
            listener.accept(s);
        }
    }

    @Override
    public boolean write(byte[] data, int off, int len, Runnable written) {
        return input.write(data, off, len, written);
    }

    @Override
    public void endInput() {
        if (onPty) {
            // a terminal has no end of input but the EOF character, which its line discipline turns into one
            input.write(EOF_CHARACTER, 0, 1, () -> { });
        } else {
            input.closeWhenWritten();
        }
    }

    @Override
    public void resize(int cols, int rows) {
        if (onPty && cols > 0 && rows > 0) {
            input.ifOpen(() -> {
                try {
                    Spawn.setWindowSize(inputFd(), cols, rows);
                } catch (IOException e) {
                    // the program is going away
                }
            });
        }
    }

    private int inputFd() {
        return input.fd();
    }

    @Override
    public void close() {
        input.close();
        out.close();
        if (err != null) {
            err.close();
        }
    }
}
