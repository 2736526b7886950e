package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real OS user made for one test: an account with a home, an ed25519 key pair (the private key
 * in the test's temp dir) and the public key in its authorized_keys. {@link #close} removes the
 * account and its home.
 */
public final class TestUser implements AutoCloseable {
    private final String name;
    private final int uid;
    private final Path key;

    /** Groups this user's creation made: removed with it (test classes that share one hold a lock). */
    private final List<String> madeGroups;

    private TestUser(String name, int uid, Path key, List<String> madeGroups) {
        this.name = name;
        this.uid = uid;
        this.key = key;
        this.madeGroups = madeGroups;
    }

    /**
     * @param keyDir where the private key goes (a temp dir of the test)
     * @param groups supplementary groups (created when missing), may be empty
     */
    public static TestUser create(Path keyDir, String... groups) throws IOException {
        String name = "tht" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        List<String> made = new java.util.ArrayList<>();
        for (String g : groups) {
            if (Shell.run(List.of("getent", "group", g)).exit() != 0) {
                Shell.run(List.of("groupadd", g)).requireSuccess("groupadd " + g);
                made.add(g);
            }
        }
        List<String> add = new java.util.ArrayList<>(List.of("useradd", "-m", "-s", "/bin/bash"));
        if (groups.length > 0) {
            add.add("-G");
            add.add(String.join(",", groups));
        }
        add.add(name);
        Shell.run(add).requireSuccess("useradd " + name);
        // "*": no password, not locked ("!" is what passwd -l writes, and termhost refuses that)
        Shell.run(List.of("usermod", "-p", "*", name)).requireSuccess("usermod");
        Path key = keyDir.resolve(name + ".key");
        Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()))
                .requireSuccess("ssh-keygen");
        Path ssh = Path.of("/home", name, ".ssh");
        Files.createDirectories(ssh);
        Files.copy(Path.of(key + ".pub"), ssh.resolve("authorized_keys"));
        Shell.run(List.of("chown", "-R", name + ":" + name, ssh.toString())).requireSuccess("chown");
        Shell.run(List.of("chmod", "700", ssh.toString())).requireSuccess("chmod");
        int uid = Integer.parseInt(Shell.run(List.of("id", "-u", name)).out().trim());
        return new TestUser(name, uid, key, made);
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    public Path key() {
        return key;
    }

    public Path home() {
        return Path.of("/home", name);
    }

    /** Runs {@code command} as this user on the host, outside any session (su, no tty). */
    public Shell.Result runOnHost(String command, java.util.Map<String, String> env) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid,
                "--init-groups", "env", "-i", "HOME=" + home(), "PATH=/usr/bin:/bin"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("/bin/sh", "-c", command));
        return Shell.run(cmd, java.util.Map.of(), null, java.time.Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        Shell.run(List.of("userdel", "-f", "-r", name));
        for (String g : madeGroups) {
            Shell.run(List.of("groupdel", g));
        }
    }
}
