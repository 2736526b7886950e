package termhost.daemon.terminal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a new interactive session shows before its shell starts, as Debian's sshd shows it at a
 * logon: the message-of-the-day files in order (pam_motd), then the last logon ("Last login: …").
 * Nothing when the user has {@code ~/.hushlogin}, as with sshd.
 *
 * @param motd files shown if they exist and the user may read them
 * @param lastLogin the line about the last logon, or empty
 */
public record Greeting(List<Path> motd, String lastLogin) {
    public static final Greeting NONE = new Greeting(List.of(), "");

    public Greeting {
        motd = List.copyOf(motd);
    }
}
