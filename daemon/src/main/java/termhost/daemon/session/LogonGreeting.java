package termhost.daemon.session;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.OsUser;
import termhost.daemon.terminal.Greeting;

/**
 * What a new interactive session greets its user with, as Debian's sshd with PAM does at a
 * logon: the message of the day (pam_motd: {@code /run/motd.dynamic}, then {@code /etc/motd}),
 * then the previous logon from lastlog ("Last login: …").
 *
 * <p>Only a new session is greeted. A reconnect returns to a session as it was left, as Windows
 * does: its screen is restored, possibly with a full-screen program on it, and text put there
 * would land in the middle of whatever runs (sshd greets every connection because each is a new
 * shell). Exec requests are never greeted: sshd greets only a shell.
 */
@FunctionalInterface
public interface LogonGreeting {
    /** Called before the session's logon is recorded, so the last logon is the one before it. */
    Greeting forNewSession(OsUser user);

    static LogonGreeting none() {
        return user -> Greeting.NONE;
    }

    /** @param zone the time zone "Last login" is told in (sshd's local time) */
    static LogonGreeting of(List<Path> motd, LoginRecords records, ZoneId zone) {
        return user -> new Greeting(motd, records.lastLogin(user.uid()).map(l -> l.message(zone)).orElse(""));
    }
}
