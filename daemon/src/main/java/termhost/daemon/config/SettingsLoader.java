package termhost.daemon.config;

import static termhost.daemon.config.SettingKeys.AUTH_METHODS;
import static termhost.daemon.config.SettingKeys.BANNER;
import static termhost.daemon.config.SettingKeys.CGROUP_NAME;
import static termhost.daemon.config.SettingKeys.FARM_AUDIT_RETENTION;
import static termhost.daemon.config.SettingKeys.FARM_COMMAND_RETENTION;
import static termhost.daemon.config.SettingKeys.FARM_DIRECTORY_REQUIRED;
import static termhost.daemon.config.SettingKeys.FARM_HEARTBEAT;
import static termhost.daemon.config.SettingKeys.FARM_HOST;
import static termhost.daemon.config.SettingKeys.FARM_LEASE;
import static termhost.daemon.config.SettingKeys.FARM_NAME;
import static termhost.daemon.config.SettingKeys.FARM_ON_LOST_HOST;
import static termhost.daemon.config.SettingKeys.FARM_PINNED_KEYS;
import static termhost.daemon.config.SettingKeys.FARM_RELAY_ROOT;
import static termhost.daemon.config.SettingKeys.FARM_SESSION_LIMIT;
import static termhost.daemon.config.SettingKeys.FARM_URL;
import static termhost.daemon.config.SettingKeys.FARM_WEIGHT;
import static termhost.daemon.config.SettingKeys.GRACE_PERIOD;
import static termhost.daemon.config.SettingKeys.KEEPALIVE_COUNT;
import static termhost.daemon.config.SettingKeys.KEEPALIVE_INTERVAL;
import static termhost.daemon.config.SettingKeys.LASTLOG;
import static termhost.daemon.config.SettingKeys.LIMIT_ACTIVE;
import static termhost.daemon.config.SettingKeys.LIMIT_DISCONNECTED;
import static termhost.daemon.config.SettingKeys.LIMIT_END_SESSION;
import static termhost.daemon.config.SettingKeys.LIMIT_IDLE;
import static termhost.daemon.config.SettingKeys.LIMIT_WARNING;
import static termhost.daemon.config.SettingKeys.LISTEN;
import static termhost.daemon.config.SettingKeys.LOGON_MAX_FAILURES;
import static termhost.daemon.config.SettingKeys.MAX_MEMORY;
import static termhost.daemon.config.SettingKeys.MAX_PROCESSES;
import static termhost.daemon.config.SettingKeys.MAX_STARTUPS;
import static termhost.daemon.config.SettingKeys.MOTD;
import static termhost.daemon.config.SettingKeys.MULTIPLE_SESSIONS;
import static termhost.daemon.config.SettingKeys.PAM_SERVICE;
import static termhost.daemon.config.SettingKeys.RECONNECT_SAME_CLIENT;
import static termhost.daemon.config.SettingKeys.REDIRECT_AGENT;
import static termhost.daemon.config.SettingKeys.REDIRECT_ALL;
import static termhost.daemon.config.SettingKeys.REDIRECT_FILES;
import static termhost.daemon.config.SettingKeys.REDIRECT_PORTS;
import static termhost.daemon.config.SettingKeys.SSH_CIPHERS;
import static termhost.daemon.config.SettingKeys.SSH_KEX;
import static termhost.daemon.config.SettingKeys.SSH_MACS;
import static termhost.daemon.config.SettingKeys.TRUSTED_USER_CA_KEYS;
import static termhost.daemon.config.SettingKeys.UTMP;
import static termhost.daemon.config.SettingKeys.WTMP;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import termhost.daemon.policy.Limits;
import termhost.daemon.policy.Redirections;
import termhost.daemon.process.ResourceCaps;

/**
 * Builds {@link Settings} from, in rising order of precedence: the defaults declared in
 * {@link SettingKeys}, the config file ({@code termhost.conf}, Java properties), and command-line
 * options. Unknown keys are an error naming the key, because a setting silently not applied is
 * worse than a refusal to start.
 */
public final class SettingsLoader {
    private SettingsLoader() {
    }

    /**
     * @param layout where the files live
     * @param overrides settings given on the command line (same keys as the file)
     */
    public static Settings load(Layout layout, Map<String, String> overrides) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Setting<?> s : SettingKeys.ALL) {
            texts.put(s.key(), s.defaultText());
            sources.put(s.key(), "default");
        }
        Path file = layout.configFile();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                requireKnown(key, file + ": ");
                texts.put(key, p.getProperty(key).trim());
                sources.put(key, file.toString());
            }
        }
        overrides.forEach((key, text) -> {
            requireKnown(key, "");
            texts.put(key, text);
            sources.put(key, "command line");
        });
        if (texts.get(CGROUP_NAME.key()).isEmpty()) {
            // one cgroup subtree per state directory, so daemons side by side never meet
            texts.put(CGROUP_NAME.key(), "termhost-" + Integer.toHexString(layout.stateDir().toString().hashCode()));
        }
        if (texts.get(FARM_HOST.key()).isEmpty()) {
            texts.put(FARM_HOST.key(), hostName());
        }
        return build(layout, new Values(texts), sources);
    }

    /** The machine's host name, as {@code hostname} prints it. */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void requireKnown(String key, String where) {
        if (SettingKeys.byKey(key).isEmpty()) {
            throw new IllegalArgumentException(where + "unknown setting '" + key + "' (known: " + SettingKeys.known()
                    + ")");
        }
    }

    /** The one place each declared setting meets its field in the record. */
    private static Settings build(Layout layout, Values v, Map<String, String> sources) {
        HostPort listen = v.get(LISTEN);
        return new Settings(listen.host(), listen.port(), layout, v.get(GRACE_PERIOD), v.get(KEEPALIVE_INTERVAL),
                v.get(KEEPALIVE_COUNT), v.get(MULTIPLE_SESSIONS), v.get(CGROUP_NAME), v.get(MAX_STARTUPS),
                v.get(LOGON_MAX_FAILURES),
                new Limits(v.get(LIMIT_DISCONNECTED), v.get(LIMIT_IDLE), v.get(LIMIT_ACTIVE), v.get(LIMIT_END_SESSION),
                        v.get(LIMIT_WARNING)),
                new ResourceCaps(v.get(MAX_PROCESSES), v.get(MAX_MEMORY)),
                v.get(RECONNECT_SAME_CLIENT), v.get(SSH_CIPHERS), v.get(SSH_MACS), v.get(SSH_KEX), v.get(BANNER),
                v.get(MOTD), v.get(UTMP), v.get(WTMP), v.get(LASTLOG), v.get(AUTH_METHODS), v.get(PAM_SERVICE),
                v.get(TRUSTED_USER_CA_KEYS), new Redirections.Host(v.get(REDIRECT_ALL), v.get(REDIRECT_FILES),
                        v.get(REDIRECT_PORTS), v.get(REDIRECT_AGENT)),
                new FarmSettings(v.get(FARM_URL), v.get(FARM_NAME), v.get(FARM_HOST),
                        v.get(FARM_WEIGHT), v.get(FARM_LEASE), v.get(FARM_HEARTBEAT), v.get(FARM_DIRECTORY_REQUIRED),
                        v.get(FARM_COMMAND_RETENTION), v.get(FARM_AUDIT_RETENTION)),
                new RelaySettings(v.get(FARM_PINNED_KEYS), v.get(FARM_RELAY_ROOT), v.get(FARM_ON_LOST_HOST),
                        v.get(FARM_SESSION_LIMIT)),
                sources);
    }

    /** Every declared setting parsed, in declaration order, so the first bad value in that order is the one named. */
    private static final class Values {
        private final Map<String, Object> parsed = new HashMap<>();

        Values(Map<String, String> texts) {
            for (Setting<?> s : SettingKeys.ALL) {
                parsed.put(s.key(), s.parse(texts.get(s.key())));
            }
        }

        @SuppressWarnings("unchecked") // put there by s.parse, so of type T
        <T> T get(Setting<T> s) {
            return (T) parsed.get(s.key());
        }
    }
}
