package termhost.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import termhost.daemon.policy.Limits;
import termhost.daemon.policy.Redirections;
import termhost.daemon.process.ResourceCaps;

/**
 * The daemon's effective settings: one typed record, validated once at start-up. Each value's
 * source (default, file, command line) is kept beside it so {@code termhost config} can say where
 * a setting came from. Each field's key, syntax, default and meaning are declared in
 * {@link SettingKeys}.
 */
public record Settings(
        String listenHost,
        int listenPort,
        Layout layout,
        Duration gracePeriod,
        Duration keepAliveInterval,
        int keepAliveCountMax,
        boolean multipleSessionsPerUser,
        String cgroupName,
        MaxStartups maxStartups,
        int logonMaxFailuresPerMinute,
        Limits limits,
        ResourceCaps caps,
        boolean reconnectSameClientOnly,
        String sshCiphers,
        String sshMacs,
        String sshKexAlgorithms,
        Optional<Path> banner,
        List<Path> motd,
        Optional<Path> utmp,
        Optional<Path> wtmp,
        Optional<Path> lastlog,
        AuthMethods authMethods,
        String pamService,
        Optional<Path> trustedUserCaKeys,
        Redirections.Host redirect,
        FarmSettings farm,
        RelaySettings relay,
        Map<String, String> sources) {

    public Settings {
        Objects.requireNonNull(listenHost, "listen host not set");
        Objects.requireNonNull(layout, "layout not set");
        Objects.requireNonNull(authMethods, "auth methods not set");
        Objects.requireNonNull(pamService, "PAM service not set");
        Objects.requireNonNull(maxStartups, "ssh.max-startups not set");
        Objects.requireNonNull(trustedUserCaKeys, "trusted user CA keys not set (empty for none)");
        Objects.requireNonNull(redirect, "redirect.* not set");
        Objects.requireNonNull(farm, "farm settings not set");
        Objects.requireNonNull(relay, "farm relay settings not set");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port " + listenPort + " out of range 0..65535");
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("grace period must not be negative: " + gracePeriod);
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("keep-alive interval must be positive: " + keepAliveInterval);
        }
        if (keepAliveCountMax < 1) {
            throw new IllegalArgumentException("keep-alive count must be at least 1: " + keepAliveCountMax);
        }
        if (!cgroupName.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("cgroup name must be a plain file name: " + cgroupName);
        }
        if (logonMaxFailuresPerMinute < 1) {
            throw new IllegalArgumentException("logon.max-failures-per-minute must be at least 1: "
                    + logonMaxFailuresPerMinute);
        }
        motd = List.copyOf(motd);
        sources = Map.copyOf(sources);
    }

    /** How long a client may stay silent before its session is taken as disconnected. */
    public Duration deadClientBound() {
        return keepAliveInterval.multipliedBy(keepAliveCountMax + 1L);
    }
}
