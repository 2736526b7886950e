package termhost.daemon.terminal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;
import termhost.daemon.process.UserCommand;

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
        return (argv, env, dir, tty, who, refused) -> {
            boolean leader = refused != null;
            int[] status = leader ? Spawn.pipe() : new int[] {-1, -1};
            try {
                return tty == null ? onPipes(io, argv.apply(null), env, dir, status, refused)
                        : onPty(io, records, argv, env, dir, tty, who, status, refused);
            } catch (IOException | RuntimeException e) {
                if (leader) {
                    Posix.close(status[0]); // the loop's only once the program is watched
                }
                throw e;
            } finally {
                if (leader) {
                    // the write end is the leader's: ours reads, and sees the pipe's end if the leader dies
                    Posix.close(status[1]);
                }
            }
        };
    }

    private static Program onPipes(TerminalIo io, List<String> argv, Map<String, String> env, String dir,
            int[] status, Runnable refused) throws IOException {
        Spawn.OnPipes p = Spawn.onPipes(argv, env, dir, status[1]);
        try {
            SpawnedProgram program = new SpawnedProgram(p.pid(), io.register(p.stdin(), () -> Posix.close(p.stdin())),
                    io.register(p.stdout(), () -> Posix.close(p.stdout())),
                    io.register(p.stderr(), () -> Posix.close(p.stderr())));
            program.watchExit(io, status[0], refused);
            return program;
        } catch (IOException | RuntimeException e) {
            for (int fd : new int[] {p.stdin(), p.stdout(), p.stderr()}) {
                Posix.close(fd);
            }
            throw e;
        }
    }

    private static Program onPty(TerminalIo io, LoginRecords records, Function<String, List<String>> argv,
            Map<String, String> env, String dir, Programs.Tty tty, LoginRecords.Who who, int[] status,
            Runnable refused) throws IOException {
        PtyProcess p = PtyProcess.start(records, argv, env, dir, tty.cols(), tty.rows(), tty.modes(), who,
                status[1]);
        try {
            TerminalIo.Terminal master = io.register(p.master(), p::releaseTerminal);
            SpawnedProgram program = new SpawnedProgram(p.pid(), master, master, null);
            program.watchExit(io, status[0], refused);
            return program;
        } catch (IOException | RuntimeException e) {
            p.releaseTerminal();
            throw e;
        }
    }

    /**
     * The pidfd joins the loop: the program's end is an event, no thread waits for it. A session
     * leader's end is its status pipe's turn to be readable ({@code statusFd}, else -1).
     */
    private void watchExit(TerminalIo io, int statusFd, Runnable refused) throws IOException {
        if (statusFd < 0) {
            io.watch(Spawn.pidfd(pid), this::ended);
            return;
        }
        int reader = Spawn.duplicate(statusFd); // the loop closes its own once it fired
        io.watch(statusFd, () -> leaderReported(io, reader, refused));
    }

    /**
     * The leader told its first process's end, or ended before it could (a PAM session that did not
     * open): then its own end is the program's. It goes on until the session is empty, and is
     * collected when it ends.
     */
    private void leaderReported(TerminalIo io, int reader, Runnable refused) {
        Optional<Spawn.ExitStatus> first;
        try {
            first = Spawn.readStatus(reader);
        } catch (IOException e) {
            first = Optional.empty();
        } finally {
            Posix.close(reader);
        }
        if (first.isEmpty()) {
            // the pipe ends while the leader exits, maybe before it can be collected: wait for that
            Spawn.ExitStatus own;
            try {
                own = Spawn.awaitExit(pid);
            } catch (IOException e) {
                own = new Spawn.ExitStatus(255, 0, false);
            }
            if (own.signal() == 0 && own.code() == UserCommand.SESSION_REFUSED) {
                refused.run();
            }
            finish(own);
            return;
        }
        try {
            io.watch(Spawn.pidfd(pid), () -> Spawn.reap(pid));
        } catch (IOException e) {
            // cannot happen to a child not yet collected; it would stay a zombie until we exit
        }
        finish(first.get());
    }

    /** It has exited (the pidfd said so): collect it, read what it left in its streams, then report. */
    private void ended() {
        Spawn.ExitStatus s;
        try {
            s = Spawn.reapIfExited(pid).orElseGet(() -> {
                Spawn.reap(pid);
                return new Spawn.ExitStatus(0, 0, false);
            });
        } catch (IOException e) {
            s = new Spawn.ExitStatus(255, 0, false);
        }
        finish(s);
    }

    private void finish(Spawn.ExitStatus s) {
        status = s;
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
