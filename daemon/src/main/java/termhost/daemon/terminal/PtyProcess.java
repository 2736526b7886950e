package termhost.daemon.terminal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.Posix;
import termhost.daemon.os.Spawn;
import termhost.daemon.os.TerminalModes;

/**
 * A program started on a new PTY, and the logon on that terminal as sshd records it for a pty
 * session: utmp, wtmp and lastlog from the start, the logout when the terminal is released —
 * before the PTY is closed, while no later logon can have its number.
 */
final class PtyProcess {
    private final Spawn.Pty pty;
    private final int pid;
    private final LoginRecords.Entry record;

    private PtyProcess(Spawn.Pty pty, int pid, LoginRecords.Entry record) {
        this.pty = pty;
        this.pid = pid;
        this.record = record;
    }

    /**
     * Opens a PTY of {@code cols} x {@code rows} with {@code modes}, then starts the program {@code argv} gives for
     * the terminal's name ({@code /dev/pts/N}), with exactly {@code env}.
     *
     * @param who whose logon this terminal is (recorded, and the program's audit login uid); null
     *     for none
     * @param fd3 the program's descriptor 3, or -1
     */
    static PtyProcess start(LoginRecords records, Function<String, List<String>> argv, Map<String, String> env,
            String dir, int cols, int rows, TerminalModes modes, LoginRecords.Who who, int fd3) throws IOException {
        Spawn.Pty pty = Spawn.openPty(cols, rows, modes);
        int pid;
        try {
            List<String> command = argv.apply(pty.slave());
            pid = Spawn.onPty(pty, who == null ? command : asLoginOf(who.uid(), command), env, dir, fd3);
        } catch (IOException | RuntimeException e) {
            Posix.close(pty.master());
            throw e;
        }
        return new PtyProcess(pty, pid, who == null ? LoginRecords.Entry.NONE : records.loggedIn(who, pty.slave(),
                pid));
    }

    /**
     * {@code command} run with {@code uid} as its audit login uid ({@code /proc/self/loginuid},
     * what pam_loginuid sets for sshd's session). {@code last} reads it to tell a logon still going
     * on from one whose logout was lost ("gone - no logout"). Where it cannot be set (no audit
     * support, or already set and immutable) the program runs all the same.
     */
    private static List<String> asLoginOf(int uid, List<String> command) {
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c",
                "{ echo \"$0\" > /proc/self/loginuid; } 2>/dev/null; exec \"$@\"", Integer.toString(uid)));
        c.addAll(command);
        return c;
    }

    int pid() {
        return pid;
    }

    int master() {
        return pty.master();
    }

    /** The logout, then the PTY closed. Once, after the I/O loop stopped using the master. */
    void releaseTerminal() {
        record.close();
        Posix.close(pty.master());
    }
}
