package termhost.daemon.config;

import java.nio.file.Path;

/**
 * Where the daemon keeps its files. With {@code --state-dir DIR} everything lives under DIR; a
 * root daemon otherwise uses /etc/termhost, /var/lib/termhost and /run/termhost, a plain user the
 * XDG directories.
 *
 * <p>{@code state} (store, host key) is 0700: nobody but the daemon reads it. {@code run} is 0711
 * so users can reach the control socket and their own session directories inside it, but cannot
 * list them.
 */
public record Layout(Path configDir, Path stateDir, Path runDir) {
    public static Layout under(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return new Layout(abs, abs.resolve("state"), abs.resolve("run"));
    }

    public static Layout system(boolean root, java.util.Map<String, String> env) {
        if (root) {
            return new Layout(Path.of("/etc/termhost"), Path.of("/var/lib/termhost"), Path.of("/run/termhost"));
        }
        String home = System.getProperty("user.home");
        Path config = Path.of(env.getOrDefault("XDG_CONFIG_HOME", home + "/.config"), "termhost");
        Path state = Path.of(env.getOrDefault("XDG_STATE_HOME", home + "/.local/state"), "termhost");
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path run = runtime != null ? Path.of(runtime, "termhost") : state.resolve("run");
        return new Layout(config, state, run);
    }

    public Path configFile() {
        return configDir.resolve("termhost.conf");
    }

    public Path database() {
        return stateDir.resolve("termhost.db");
    }

    /** Where sqlite-jdbc unpacks its native library (instead of /tmp); emptied at each start. */
    public Path nativeLibDir() {
        return stateDir.resolve("native");
    }

    /** The host's SSH keys, each made at the first start and kept: ed25519, then ECDSA P-256. */
    public java.util.List<Path> hostKeys() {
        return java.util.List.of(stateDir.resolve("ssh_host_ed25519_key"), stateDir.resolve("ssh_host_ecdsa_key"));
    }

    public Path controlSocket() {
        return runDir.resolve("control.sock");
    }

    /** Wrapper scripts of the commands, put first on every session's PATH. */
    public Path binDir() {
        return runDir.resolve("bin");
    }

    public Path libDir() {
        return runDir.resolve("lib");
    }

    /** One directory per session, owned by its user: the tmux socket lives there. */
    public Path sessionDir(int sessionId) {
        return runDir.resolve("sessions").resolve(Integer.toString(sessionId));
    }
}
