package termhost.daemon.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A test daemon's logon records, read by the host's own tools as a user types them: {@code who}
 * and {@code w} read {@code /var/run/utmp}, so they run in a mount namespace of their own where
 * that path is the daemon's utmp (the host's stays untouched), {@code last} reads its wtmp.
 */
final class HostRecords {
    private HostRecords() {
    }

    /** {@code who} (which leaves out entries whose process is gone, as it does on the host). */
    static String who(TermhostProcess host) {
        return onUtmpOf(host, "who");
    }

    /** {@code w -h}, user names and hosts not cut short. */
    static String w(TermhostProcess host) {
        return onUtmpOf(host, "w -h");
    }

    /** {@code last} of the daemon's wtmp: full names (-w), full times (-F). */
    static String last(TermhostProcess host) {
        return Shell.run(List.of("last", "-w", "-F", "-f", host.wtmp().toString())).requireSuccess("last").out();
    }

    /** {@code who} of the daemon's utmp file itself: every entry of a logon, its process alive or not. */
    static String whoInFile(TermhostProcess host) {
        return Shell.run(List.of("who", host.utmp().toString())).requireSuccess("who FILE").out();
    }

    /** The lines of {@code text} about {@code user}. */
    static List<String> linesOf(String text, TestUser user) {
        return text.lines().filter(l -> l.startsWith(user.name() + " ")).toList();
    }

    private static String onUtmpOf(TermhostProcess host, String command) {
        // a tmpfs over /run (where /var/run points) in a private mount namespace, the daemon's utmp bound into it
        return Shell.run(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount -t tmpfs tmpfs /run && : > /run/utmp && mount --bind \"$0\" /run/utmp && exec /bin/sh -c \"$1\"",
                host.utmp().toString(), command), Map.of("PROCPS_USERLEN", "32", "PROCPS_FROMLEN", "40"), null,
                Duration.ofSeconds(30)).requireSuccess(command).out();
    }
}
