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
     * A user with no password ({@code *}) who logs on by key. Not useradd's lone {@code !}: tests
     * lock their users with {@code usermod -L}, which leaves a lone {@code !} as it is.
     *
     * @param keyDir where the private key goes (a temp dir of the test)
     * @param groups supplementary groups (created when missing), may be empty
     */
    public static TestUser create(Path keyDir, String... groups) throws IOException {
        return make(keyDir, List.of(), "*", groups);
    }

    /** A user exactly as plain {@code useradd -m} leaves it: the password field {@code !} alone, never set. */
    public static TestUser createAsUseradd(Path keyDir) throws IOException {
        return make(keyDir, List.of(), null);
    }

    /**
     * Another name for uid 0 ({@code useradd -o -u 0 -g 0}) with a home and key of its own: root to
     * every check by uid, without a test key in root's own authorized_keys. Its {@link #close}
     * fails when {@code userdel} does, so such an account is never left behind unnoticed.
     */
    public static TestUser createUidZero(Path keyDir) throws IOException {
        return make(keyDir, List.of("-o", "-u", "0", "-g", "0"), null);
    }

    /** @param password what {@code usermod -p} sets, or null for what useradd wrote */
    private static TestUser make(Path keyDir, List<String> options, String password, String... groups)
            throws IOException {
        String name = "tht" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        List<String> made = new java.util.ArrayList<>();
        for (String g : groups) {
            if (Shell.run(List.of("getent", "group", g)).exit() != 0) {
                Shell.run(List.of("groupadd", g)).requireSuccess("groupadd " + g);
                made.add(g);
            }
        }
        List<String> add = new java.util.ArrayList<>(List.of("useradd", "-m", "-s", "/bin/bash"));
        add.addAll(options);
        if (groups.length > 0) {
            add.add("-G");
            add.add(String.join(",", groups));
        }
        add.add(name);
        Shell.run(add).requireSuccess("useradd " + name);
        // from here on the account exists: a failure removes it, or nobody would
        int uid;
        try {
            uid = Integer.parseInt(Shell.run(List.of("id", "-u", name)).requireSuccess("id -u").out().trim());
        } catch (RuntimeException | Error e) {
            Shell.run(List.of("userdel", "-f", "-r", name));
            throw e;
        }
        TestUser user = new TestUser(name, uid, keyDir.resolve(name + ".key"), made);
        try {
            if (password != null) {
                Shell.run(List.of("usermod", "-p", password, name)).requireSuccess("usermod");
            }
            Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                    user.key.toString())).requireSuccess("ssh-keygen");
            Path ssh = Path.of("/home", name, ".ssh");
            Files.createDirectories(ssh);
            Files.copy(Path.of(user.key + ".pub"), ssh.resolve("authorized_keys"));
            // "name:" is the user's login group, which a uid-0 alias made with -g 0 shares with root
            Shell.run(List.of("chown", "-R", name + ":", ssh.toString())).requireSuccess("chown");
            Shell.run(List.of("chmod", "700", ssh.toString())).requireSuccess("chmod");
        } catch (IOException | RuntimeException | Error e) {
            try {
                user.close();
            } catch (RuntimeException | Error cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return user;
    }

    /** Gives this user {@code password} with chpasswd, as an administrator would. */
    public void setPassword(String password) {
        Shell.run(List.of("chpasswd"), java.util.Map.of(), name + ":" + password + "\n", java.time.Duration.ofSeconds(30))
                .requireSuccess("chpasswd");
    }

    /** This user's password field in /etc/shadow, as the host's tools left it. */
    public String shadowPassword() {
        String line = Shell.run(List.of("getent", "shadow", name)).requireSuccess("getent shadow").out().strip();
        return line.split(":", -1)[1];
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
        Shell.Result removed = Shell.run(List.of("userdel", "-f", "-r", name));
        if (uid == 0) {
            removed.requireSuccess("userdel " + name + " (an alias of root)");
        }
        for (String g : madeGroups) {
            Shell.run(List.of("groupdel", g));
        }
    }
}
