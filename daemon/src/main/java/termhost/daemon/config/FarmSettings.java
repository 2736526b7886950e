package termhost.daemon.config;

import java.time.Duration;
import java.util.Optional;

/**
 * This host's place in a farm (issue #15): the PostgreSQL directory it publishes its sessions to,
 * the farm's name (what {@code /server:} names to list every host), this host's name in the farm
 * and its weight, and the lease timings. No URL: no farm, and the daemon is a single host.
 *
 * @param url a pgjdbc URL, which may list several hosts for failover; may carry a password, so it is
 *     never shown whole (see {@code JdbcUrls.redacted})
 * @param lease how long a host stays {@code up} without a heartbeat, on the database's clock
 * @param heartbeat how often the lease is renewed (and lost hosts swept); shorter than the lease
 * @param directoryRequired whether new sessions are refused while the directory cannot be reached
 * @param commandRetention how long an answered command stays in the command table (for an
 *     administrator's look at what ran); older ones are deleted by the heartbeat
 * @param auditRetention how long the directory keeps its copy of the hosts' audit records (each
 *     host keeps its own); zero: for ever
 */
public record FarmSettings(Optional<String> url, String name, String host, int weight, Duration lease,
        Duration heartbeat, boolean directoryRequired, Duration commandRetention, Duration auditRetention) {
    /** The default command retention. */
    public static final Duration COMMAND_RETENTION = Duration.ofHours(24);
    /** The default audit retention. */
    public static final Duration AUDIT_RETENTION = Duration.ofDays(90);

    /** Host and farm names: what a DNS label allows, plus dots. */
    private static final String NAME = "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?";

    public FarmSettings {
        if (!name.matches(NAME)) {
            throw new IllegalArgumentException("farm.name must be a host name (letters, digits, '.', '-'): " + name);
        }
        if (!host.matches(NAME)) {
            throw new IllegalArgumentException("farm.host must be a host name (letters, digits, '.', '-'): " + host);
        }
        if (weight < 1 || weight > 10000) {
            throw new IllegalArgumentException("farm.weight out of range 1..10000: " + weight);
        }
        if (heartbeat.isZero() || heartbeat.isNegative() || heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("farm.heartbeat (" + heartbeat.toMillis() + "ms) must be positive and"
                    + " shorter than farm.lease (" + lease.toMillis() + "ms)");
        }
        if (commandRetention.isNegative() || commandRetention.isZero()) {
            throw new IllegalArgumentException("farm.command-retention must be positive: " + commandRetention);
        }
        if (auditRetention.isNegative()) {
            throw new IllegalArgumentException("farm.audit-retention must not be negative: " + auditRetention);
        }
    }

    /** With the default command and audit retentions. */
    public FarmSettings(Optional<String> url, String name, String host, int weight, Duration lease,
            Duration heartbeat, boolean directoryRequired) {
        this(url, name, host, weight, lease, heartbeat, directoryRequired, COMMAND_RETENTION, AUDIT_RETENTION);
    }

    public boolean enabled() {
        return url.isPresent();
    }
}
