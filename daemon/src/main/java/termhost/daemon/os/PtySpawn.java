package termhost.daemon.os;

import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Starts a program in a new pseudo-terminal: posix_openpt, the window size set on it, then
 * posix_spawn of the program as the leader of a new session with the PTY as its controlling
 * terminal and stdin/out/err, and no other descriptor of ours. One call, no helper process, no
 * thread: the caller polls the master and reaps the child ({@link #reap}).
 */
public final class PtySpawn {
    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;
    private static final long TIOCSWINSZ = 0x5414;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    /** Bigger than glibc's posix_spawn_file_actions_t (80), posix_spawnattr_t (336), sigset_t (128). */
    private static final int OPAQUE = 512;

    private PtySpawn() {
    }

    /** A started program: its pid and the master side of its terminal (close-on-exec, blocking). */
    public record Spawned(int pid, int master) {
    }

    /**
     * @param argv the program (an absolute path) and its arguments
     * @param env its whole environment
     */
    public static Spawned start(List<String> argv, Map<String, String> env, String dir, int cols, int rows)
            throws IOException {
        if (argv.isEmpty() || !argv.get(0).startsWith("/")) {
            throw new IllegalArgumentException("spawn needs an absolute program path: " + argv);
        }
        int master = DirectLibc.posix_openpt(O_RDWR | O_NOCTTY | DirectLibc.O_CLOEXEC);
        if (master < 0) {
            throw new ErrnoException("posix_openpt", Errno.last());
        }
        try {
            String slave = prepare(master, cols, rows);
            return new Spawned(spawn(argv, env, dir, slave), master);
        } catch (IOException | RuntimeException e) {
            DirectLibc.close(master);
            throw e;
        }
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
        setWindowSize(master, cols, rows);
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return new String(name, 0, len, StandardCharsets.UTF_8);
    }

    private static int spawn(List<String> argv, Map<String, String> env, String dir, String slave) throws IOException {
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
                // the child opens the slave after setsid(), so it becomes its controlling terminal
                check(DirectLibc.posix_spawn_file_actions_addopen(actions, 0, slave, O_RDWR, 0), "open " + slave);
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, 0, 1), "dup2 stdout");
                check(DirectLibc.posix_spawn_file_actions_adddup2(actions, 0, 2), "dup2 stderr");
                // the JVM's sockets and files are not all close-on-exec: none may reach a user's program
                check(DirectLibc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
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

    /** Waits for child {@code pid} to end and collects it (it must be ending: killed, or its terminal closed). */
    public static void reap(int pid) {
        int[] status = new int[1];
        while (DirectLibc.waitpid(pid, status, 0) < 0) {
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                if (errno != Errno.ECHILD) {
                    throw new IllegalStateException("waitpid " + pid + ": " + Errno.describe(errno));
                }
                return;
            }
        }
    }
}
