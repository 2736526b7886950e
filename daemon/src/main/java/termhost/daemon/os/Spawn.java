package termhost.daemon.os;

import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts programs for the daemon with posix_spawn: on a pseudo-terminal ({@link #openPty}, then
 * {@link #onPty}), or on three pipes ({@link #onPipes}). One call, no helper process, no thread:
 * the program leads a new session, its signal mask and dispositions are reset, and it inherits no
 * descriptor of ours but its standard ones. The caller polls the descriptors, learns of the end
 * from a pidfd ({@link #pidfd}) and collects the child ({@link #reapIfExited}, {@link #reap}).
 */
public final class Spawn {
    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int TCSANOW = 0;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int WNOHANG = 1;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int F_SETPIPE_SZ = 1031;
    /** Half of the largest an unprivileged process may set (fs.pipe-max-size, 1 MiB). */
    static final int OUTPUT_PIPE_SIZE = 512 * 1024;
    /** Bigger than glibc's posix_spawn_file_actions_t (80), posix_spawnattr_t (336), sigset_t (128). */
    private static final int OPAQUE = 512;

    private Spawn() {
    }

    /** A pseudo-terminal: the master side (close-on-exec, blocking) and the slave's path ({@code /dev/pts/N}). */
    public record Pty(int master, String slave) {
    }

    /** A program on pipes: its pid and our ends of its stdin, stdout and stderr (close-on-exec). */
    public record OnPipes(int pid, int stdin, int stdout, int stderr) {
    }

    /** A program talking to us on one socket, its descriptor 0: its pid and our end (close-on-exec). */
    public record OnSocket(int pid, int socket) {
    }

    /** How a program ended: its exit code, or the signal that ended it. */
    public record ExitStatus(int code, int signal, boolean coreDumped) {
        /**
         * The name SSH gives the signal, or null when it exited: RFC 4254's names (without "SIG"),
         * and for the others what OpenSSH sends, {@code SIG@openssh.com}.
         */
        public String signalName() {
            if (signal == 0) {
                return null;
            }
            return switch (signal) {
                case 1 -> "HUP";
                case 2 -> "INT";
                case 3 -> "QUIT";
                case 4 -> "ILL";
                case 6 -> "ABRT";
                case 8 -> "FPE";
                case 9 -> "KILL";
                case 10 -> "USR1";
                case 11 -> "SEGV";
                case 12 -> "USR2";
                case 13 -> "PIPE";
                case 14 -> "ALRM";
                case 15 -> "TERM";
                default -> "SIG@openssh.com";
            };
        }

        /** As a shell reports it: the code, or 128 + the signal. */
        public int shellStatus() {
            return signal == 0 ? code : 128 + signal;
        }

        static ExitStatus of(int waitStatus) {
            int sig = waitStatus & 0x7f;
            return sig == 0 ? new ExitStatus((waitStatus >> 8) & 0xff, 0, false)
                    : new ExitStatus(0, sig, (waitStatus & 0x80) != 0);
        }
    }

    /**
     * A new pseudo-terminal of {@code cols} x {@code rows} with {@code modes} (set before any program
     * can read it): ours until {@link #onPty} starts a program on it. Opened apart from the start so
     * the caller knows the terminal's name first (a program's {@code SSH_TTY}, its logon record).
     */
    public static Pty openPty(int cols, int rows, TerminalModes modes) throws IOException {
        int master = DirectLibc.posix_openpt(O_RDWR | O_NOCTTY | DirectLibc.O_CLOEXEC);
        if (master < 0) {
            throw new ErrnoException("posix_openpt", Errno.last());
        }
        try {
            String slave = prepare(master, cols, rows);
            setModes(master, modes);
            return new Pty(master, slave);
        } catch (IOException | RuntimeException e) {
            DirectLibc.close(master);
            throw e;
        }
    }

    /**
     * Starts {@code argv} on {@code pty}, as the leader of a new session with the PTY as its
     * controlling terminal; returns its pid. The master stays the caller's to close.
     *
     * @param argv the program (an absolute path) and its arguments
     * @param env its whole environment
     */
    public static int onPty(Pty pty, List<String> argv, Map<String, String> env, String dir) throws IOException {
        return onPty(pty, argv, env, dir, -1);
    }

    /** As {@link #onPty(Pty, List, Map, String)}, with {@code fd3} as the program's descriptor 3 (-1: none). */
    public static int onPty(Pty pty, List<String> argv, Map<String, String> env, String dir, int fd3)
            throws IOException {
        checkProgram(argv);
        return spawn(argv, env, dir, fd3, actions -> {
            // the child opens the slave after setsid(), so it becomes its controlling terminal
            check(DirectLibc.posix_spawn_file_actions_addopen(actions, 0, pty.slave(), O_RDWR, 0),
                    "open " + pty.slave());
            check(DirectLibc.posix_spawn_file_actions_adddup2(actions, 0, 1), "dup2 stdout");
            check(DirectLibc.posix_spawn_file_actions_adddup2(actions, 0, 2), "dup2 stderr");
        });
    }

    /** Starts {@code argv} on three new pipes, as the leader of a new session without a terminal. */
    public static OnPipes onPipes(List<String> argv, Map<String, String> env, String dir) throws IOException {
        return onPipes(argv, env, dir, -1);
    }

    /** As {@link #onPipes(List, Map, String)}, with {@code fd3} as the program's descriptor 3 (-1: none). */
    public static OnPipes onPipes(List<String> argv, Map<String, String> env, String dir, int fd3)
            throws IOException {
        checkProgram(argv);
        int[] in = pipe();
        int[] out = null;
        int[] err = null;
        try {
            out = pipe();
            err = pipe();
            growOutput(out[0]);
            growOutput(err[0]);
            int[] o = out;
            int[] e = err;
            int pid = spawn(argv, env, dir, fd3, actions -> {
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, in[0], 0), "dup2 stdin");
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, o[1], 1), "dup2 stdout");
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, e[1], 2), "dup2 stderr");
            });
            // the child's ends are the child's now
            DirectLibc.close(in[0]);
            DirectLibc.close(out[1]);
            DirectLibc.close(err[1]);
            return new OnPipes(pid, in[1], out[0], err[0]);
        } catch (IOException | RuntimeException x) {
            for (int[] p : new int[][] {in, out, err}) {
                if (p != null) {
                    DirectLibc.close(p[0]);
                    DirectLibc.close(p[1]);
                }
            }
            throw x;
        }
    }

    /**
     * Starts {@code argv} with descriptor 0 one end of a new SOCK_SEQPACKET socketpair (see
     * {@link UnixSockets}), 1 and 2 on /dev/null: a helper that runs as a user gets no descriptor
     * of ours to write to but the one we read with suspicion.
     */
    public static OnSocket onSocket(List<String> argv, Map<String, String> env, String dir) throws IOException {
        checkProgram(argv);
        int[] pair = UnixSockets.seqpacketPair();
        try {
            int pid = spawn(argv, env, dir, -1, actions -> {
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, pair[1], 0), "dup2 socket");
                check(DirectLibc.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", O_RDWR, 0), "open /dev/null");
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, 1, 2), "dup2 stderr");
            });
            DirectLibc.close(pair[1]);
            return new OnSocket(pid, pair[0]);
        } catch (IOException | RuntimeException x) {
            DirectLibc.close(pair[0]);
            DirectLibc.close(pair[1]);
            throw x;
        }
    }

    /**
     * A pidfd of {@code pid} (Linux 5.3): readable once the process has exited, whoever reaps it,
     * so a poll loop learns of the end without a thread per child. Close-on-exec.
     */
    public static int pidfd(int pid) throws IOException {
        long fd = DirectLibc.syscall(SYS_PIDFD_OPEN, pid, 0);
        if (fd < 0) {
            throw new ErrnoException("pidfd_open " + pid, Errno.last());
        }
        return (int) fd;
    }

    /** Collects child {@code pid} if it has exited, without waiting. */
    public static Optional<ExitStatus> reapIfExited(int pid) throws IOException {
        int[] status = new int[1];
        while (true) {
            int r = DirectLibc.waitpid(pid, status, WNOHANG);
            if (r == pid) {
                return Optional.of(ExitStatus.of(status[0]));
            }
            if (r == 0) {
                return Optional.empty();
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new ErrnoException("waitpid " + pid, errno);
            }
        }
    }

    /** Waits for child {@code pid} to end and collects it (it must be ending: killed, or its terminal closed). */
    public static void reap(int pid) {
        try {
            awaitExit(pid);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ECHILD) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Waits for child {@code pid} to end and collects it: how it ended. */
    public static ExitStatus awaitExit(int pid) throws ErrnoException {
        int[] status = new int[1];
        while (DirectLibc.waitpid(pid, status, 0) < 0) {
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new ErrnoException("waitpid " + pid, errno);
            }
        }
        return ExitStatus.of(status[0]);
    }

    /**
     * The wait status a session leader wrote on {@code fd} (a decimal line, see termhost-leader.c), or
     * empty at the end of the pipe with none: the leader ended before its first process did. Reads
     * what is there; call it once {@code fd} is readable.
     */
    public static Optional<ExitStatus> readStatus(int fd) throws IOException {
        Memory buf = new Memory(32);
        long n = DirectLibc.read(fd, buf, 31);
        if (n < 0) {
            throw new ErrnoException("read status", Errno.last());
        }
        String line = new String(buf.getByteArray(0, (int) n), StandardCharsets.US_ASCII).trim();
        try {
            return line.isEmpty() ? Optional.empty() : Optional.of(ExitStatus.of(Integer.parseInt(line)));
        } catch (NumberFormatException e) {
            throw new IOException("a session leader's status is not a number: '" + line + "'", e);
        }
    }

    /** A second descriptor of {@code fd}'s file, close-on-exec. */
    public static int duplicate(int fd) throws IOException {
        int copy = DirectLibc.fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (copy < 0) {
            throw new ErrnoException("F_DUPFD_CLOEXEC", Errno.last());
        }
        return copy;
    }

    /** TIOCSWINSZ on the master: the program sees the size (and gets SIGWINCH if it changed). */
    public static void setWindowSize(int master, int cols, int rows) throws IOException {
        Memory size = new Memory(8);
        size.setShort(0, (short) rows);
        size.setShort(2, (short) cols);
        size.setShort(4, (short) 0);
        size.setShort(6, (short) 0);
        if (DirectLibc.ioctl(master, TIOCSWINSZ, size) != 0) {
            throw new ErrnoException("TIOCSWINSZ", Errno.last());
        }
    }

    /**
     * {@code modes} on the terminal of {@code master} (on Linux a master's termios calls act on its
     * slave's settings). Where the struct's layout is not known, the kernel's defaults stay.
     */
    private static void setModes(int master, TerminalModes modes) throws IOException {
        if (modes.isEmpty() || !TerminalModes.LAYOUT_KNOWN) {
            return;
        }
        Memory termios = new Memory(TerminalModes.Termios.SIZE);
        if (DirectLibc.tcgetattr(master, termios) != 0) {
            throw new ErrnoException("tcgetattr", Errno.last());
        }
        modes.applyTo(TerminalModes.Termios.read(termios)).write(termios);
        if (DirectLibc.tcsetattr(master, TCSANOW, termios) != 0) {
            throw new ErrnoException("tcsetattr", Errno.last());
        }
    }

    private static void checkProgram(List<String> argv) {
        if (argv.isEmpty() || !argv.get(0).startsWith("/")) {
            throw new IllegalArgumentException("spawn needs an absolute program path: " + argv);
        }
    }

    /** A pipe, both ends close-on-exec: {read, write}. */
    public static int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (DirectLibc.pipe2(fds, DirectLibc.O_CLOEXEC) != 0) {
            throw new ErrnoException("pipe2", Errno.last());
        }
        return fds;
    }

    /**
     * Gives a program's output pipe room for {@link #OUTPUT_PIPE_SIZE} bytes instead of 64 KiB, so
     * that a bulk output (`ssh host 'cat big'`) reaches the I/O loop in large reads: with 64 KiB the
     * program and the loop woke each other every few KiB, and the daemon used 0.85 s of CPU per
     * 200 MB sent against 0.6 s (bench/throughput.py, half of it system time). The kernel allocates
     * the pages only as output waits there. Best effort: an unprivileged daemon over its pipe quota
     * (fs.pipe-user-pages-soft) keeps the default size.
     */
    private static void growOutput(int readEnd) {
        DirectLibc.fcntl(readEnd, F_SETPIPE_SZ, OUTPUT_PIPE_SIZE);
    }

    /** Unlocks the slave, sets the size before anyone reads it; returns the slave's path. */
    private static String prepare(int master, int cols, int rows) throws IOException {
        if (DirectLibc.grantpt(master) != 0 || DirectLibc.unlockpt(master) != 0) {
            throw new ErrnoException("grantpt/unlockpt", Errno.last());
        }
        byte[] name = new byte[128];
        int rc = DirectLibc.ptsname_r(master, name, name.length);
        if (rc != 0) {
            throw new ErrnoException("ptsname_r", rc);
        }
        setWindowSize(master, Math.max(cols, 1), Math.max(rows, 1));
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return new String(name, 0, len, StandardCharsets.UTF_8);
    }

    /** What a spawn does with descriptors 0, 1 and 2 before the rest are closed. */
    @FunctionalInterface
    private interface StandardDescriptors {
        void add(Memory actions) throws IOException;
    }

    private static int spawn(List<String> argv, Map<String, String> env, String dir, int fd3,
            StandardDescriptors standard) throws IOException {
        Memory actions = new Memory(OPAQUE);
        Memory attr = new Memory(OPAQUE);
        Memory noSignals = new Memory(OPAQUE);
        Memory allSignals = new Memory(OPAQUE);
        actions.clear();
        attr.clear();
        check(DirectLibc.posix_spawn_file_actions_init(actions), "file actions");
        try {
            check(DirectLibc.posix_spawnattr_init(attr), "attributes");
            try {
                standard.add(actions);
                if (fd3 >= 0) {
                    check(DirectLibc.posix_spawn_file_actions_adddup2(actions, fd3, 3), "dup2 3");
                }
                // the JVM's sockets and files are not all close-on-exec: none may reach a user's program
                check(DirectLibc.posix_spawn_file_actions_addclosefrom_np(actions, fd3 >= 0 ? 4 : 3), "closefrom");
                check(DirectLibc.posix_spawn_file_actions_addchdir_np(actions, dir), "chdir " + dir);
                DirectLibc.sigemptyset(noSignals);
                DirectLibc.sigfillset(allSignals);
                check(DirectLibc.posix_spawnattr_setsigmask(attr, noSignals), "signal mask");
                check(DirectLibc.posix_spawnattr_setsigdefault(attr, allSignals), "signal defaults");
                check(DirectLibc.posix_spawnattr_setflags(attr,
                        (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), "flags");
                String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
                int[] pid = new int[1];
                int rc = DirectLibc.posix_spawn(pid, argv.get(0), actions, attr,
                        new StringArray(argv.toArray(String[]::new), "UTF-8"), new StringArray(envp, "UTF-8"));
                if (rc != 0) {
                    throw new ErrnoException("spawn " + argv.get(0), rc);
                }
                return pid[0];
            } finally {
                DirectLibc.posix_spawnattr_destroy(attr);
            }
        } finally {
            DirectLibc.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new ErrnoException("spawn: " + what, rc);
        }
    }
}
