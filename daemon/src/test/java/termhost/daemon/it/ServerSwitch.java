package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /server:127.0.0.1:PORT} as a real user would use it: the cli runs the user's own OpenSSH
 * client (BatchMode, StrictHostKeyChecking), so the user needs a default identity and the daemon's
 * host key in their known_hosts, both set up here as the user would have them.
 */
public final class ServerSwitch {
    private ServerSwitch() {
    }

    /** The switch naming {@code host}. */
    public static String of(TermhostProcess host) {
        return "/server:127.0.0.1:" + host.port();
    }

    /** Gives {@code user} ~/.ssh/id_ed25519 (their test key) and the daemon's host key in known_hosts. */
    public static void prepare(TermhostProcess host, TestUser user) throws IOException {
        Path ssh = user.home().resolve(".ssh");
        Files.copy(user.key(), ssh.resolve("id_ed25519"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Shell.Result scan = Shell.run(List.of("ssh-keyscan", "-p", Integer.toString(host.port()), "-t", "ed25519",
                "127.0.0.1")).requireSuccess("ssh-keyscan");
        if (!scan.out().contains("ssh-ed25519")) {
            throw new AssertionError("ssh-keyscan found no host key: " + scan.err());
        }
        Files.writeString(ssh.resolve("known_hosts"), scan.out());
        Shell.run(List.of("chown", "-R", user.name() + ":" + user.name(), ssh.toString())).requireSuccess("chown");
        Shell.run(List.of("chmod", "600", ssh.resolve("id_ed25519").toString())).requireSuccess("chmod");
    }
}
