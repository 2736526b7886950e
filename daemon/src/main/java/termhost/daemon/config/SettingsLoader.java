package termhost.daemon.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import termhost.daemon.policy.Limits;
import termhost.daemon.process.ResourceCaps;

/**
 * Builds {@link Settings} from, in rising order of precedence: built-in defaults, the config file
 * ({@code termhost.conf}, Java properties), and command-line options. Unknown keys in the file are
 * an error naming the key, because a setting silently not applied is worse than a refusal to start.
 */
public final class SettingsLoader {
    public static final String LISTEN = "listen";
    public static final String GRACE_PERIOD = "logoff.grace-period";
    public static final String KEEPALIVE_INTERVAL = "keepalive.interval";
    public static final String KEEPALIVE_COUNT = "keepalive.count-max";
    public static final String MULTIPLE_SESSIONS = "sessions.multiple-per-user";
    public static final String CGROUP_NAME = "cgroup.name";
    public static final String LOGON_MAX_FAILURES = "logon.max-failures-per-minute";
    public static final String LIMIT_DISCONNECTED = "limits.disconnected";
    public static final String LIMIT_IDLE = "limits.idle";
    public static final String LIMIT_ACTIVE = "limits.active";
    public static final String LIMIT_END_SESSION = "limits.end-session";
    public static final String LIMIT_WARNING = "limits.warning";
    public static final String RECONNECT_SAME_CLIENT = "reconnect.same-client-only";
    public static final String MAX_PROCESSES = "session.max-processes";
    public static final String MAX_MEMORY = "session.max-memory";
    public static final String SSH_CIPHERS = "ssh.ciphers";

    private static final Map<String, String> DEFAULTS = defaults();

    private SettingsLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(LISTEN, "127.0.0.1:2222");
        d.put(GRACE_PERIOD, "3s");
        d.put(KEEPALIVE_INTERVAL, "5s");
        d.put(KEEPALIVE_COUNT, "2");
        d.put(MULTIPLE_SESSIONS, "false");
        d.put(CGROUP_NAME, "");
        d.put(LOGON_MAX_FAILURES, "10");
        d.put(LIMIT_DISCONNECTED, "0");
        d.put(LIMIT_IDLE, "0");
        d.put(LIMIT_ACTIVE, "0");
        d.put(LIMIT_END_SESSION, "false");
        d.put(LIMIT_WARNING, "2m");
        d.put(RECONNECT_SAME_CLIENT, "false");
        d.put(MAX_PROCESSES, "0");
        d.put(MAX_MEMORY, "0");
        d.put(SSH_CIPHERS, "aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        return d;
    }

    /**
     * @param layout where the files live
     * @param overrides settings given on the command line (same keys as the file)
     */
    public static Settings load(Layout layout, Map<String, String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> sources = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(k -> sources.put(k, "default"));
        Path file = layout.configFile();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                if (!DEFAULTS.containsKey(key)) {
                    throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: "
                            + String.join(", ", DEFAULTS.keySet()) + ")");
                }
                values.put(key, p.getProperty(key).trim());
                sources.put(key, file.toString());
            }
        }
        overrides.forEach((k, v) -> {
            if (!DEFAULTS.containsKey(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' (known: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
            }
            values.put(k, v);
            sources.put(k, "command line");
        });
        String cgroupName = values.get(CGROUP_NAME);
        if (cgroupName.isEmpty()) {
            // one cgroup subtree per state directory, so daemons side by side never meet
            cgroupName = "termhost-" + Integer.toHexString(layout.stateDir().toString().hashCode());
            values.put(CGROUP_NAME, cgroupName);
        }
        HostPort listen = Syntax.HOST_PORT.parse(LISTEN, values.get(LISTEN));
        return new Settings(listen.host(), listen.port(), layout,
                Syntax.DURATION.parse(GRACE_PERIOD, values.get(GRACE_PERIOD)),
                Syntax.DURATION.parse(KEEPALIVE_INTERVAL, values.get(KEEPALIVE_INTERVAL)),
                Syntax.WHOLE_NUMBER.parse(KEEPALIVE_COUNT, values.get(KEEPALIVE_COUNT)),
                Syntax.BOOLEAN.parse(MULTIPLE_SESSIONS, values.get(MULTIPLE_SESSIONS)),
                cgroupName, Syntax.WHOLE_NUMBER.parse(LOGON_MAX_FAILURES, values.get(LOGON_MAX_FAILURES)),
                new Limits(Syntax.DURATION.parse(LIMIT_DISCONNECTED, values.get(LIMIT_DISCONNECTED)),
                        Syntax.DURATION.parse(LIMIT_IDLE, values.get(LIMIT_IDLE)),
                        Syntax.DURATION.parse(LIMIT_ACTIVE, values.get(LIMIT_ACTIVE)),
                        Syntax.BOOLEAN.parse(LIMIT_END_SESSION, values.get(LIMIT_END_SESSION)),
                        Syntax.DURATION.parse(LIMIT_WARNING, values.get(LIMIT_WARNING))),
                new ResourceCaps(Syntax.WHOLE_NUMBER.parse(MAX_PROCESSES, values.get(MAX_PROCESSES)),
                        Syntax.SIZE.parse(MAX_MEMORY, values.get(MAX_MEMORY))),
                Syntax.BOOLEAN.parse(RECONNECT_SAME_CLIENT, values.get(RECONNECT_SAME_CLIENT)), values.get(SSH_CIPHERS),
                sources);
    }

    /** All values as strings, for {@code termhost config}. */
    public static Map<String, String> describe(Settings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LISTEN, s.listenHost() + ":" + s.listenPort());
        m.put(GRACE_PERIOD, s.gracePeriod().toMillis() + "ms");
        m.put(KEEPALIVE_INTERVAL, s.keepAliveInterval().toMillis() + "ms");
        m.put(KEEPALIVE_COUNT, Integer.toString(s.keepAliveCountMax()));
        m.put(MULTIPLE_SESSIONS, Boolean.toString(s.multipleSessionsPerUser()));
        m.put(CGROUP_NAME, s.cgroupName());
        m.put(LOGON_MAX_FAILURES, Integer.toString(s.logonMaxFailuresPerMinute()));
        m.put(LIMIT_DISCONNECTED, s.limits().disconnected().toMillis() + "ms");
        m.put(LIMIT_IDLE, s.limits().idle().toMillis() + "ms");
        m.put(LIMIT_ACTIVE, s.limits().active().toMillis() + "ms");
        m.put(LIMIT_END_SESSION, Boolean.toString(s.limits().endSession()));
        m.put(LIMIT_WARNING, s.limits().warning().toMillis() + "ms");
        m.put(RECONNECT_SAME_CLIENT, Boolean.toString(s.reconnectSameClientOnly()));
        m.put(MAX_PROCESSES, Long.toString(s.caps().maxProcesses()));
        m.put(MAX_MEMORY, Long.toString(s.caps().memoryBytes()));
        m.put(SSH_CIPHERS, s.sshCiphers());
        return m;
    }
}
