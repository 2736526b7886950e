package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declarations and the {@link Settings} record are wired by hand in {@link SettingsLoader}; a
 * value put in the wrong field of the same type (two durations swapped) compiles. Giving each
 * setting alone a value of its own finds that: it must show under its own key, and nowhere else.
 */
class SettingKeysTest {
    /** For each key: a value that is not its default, and how {@code termhost config} shows it. */
    private static final Map<String, List<String>> GIVEN_AND_SHOWN = samples();

    @TempDir
    Path dir;

    private static Map<String, List<String>> samples() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("listen", List.of("[::1]:2301", "::1:2301"));
        m.put("logoff.grace-period", List.of("1s", "1000ms"));
        m.put("keepalive.interval", List.of("2s", "2000ms"));
        m.put("keepalive.count-max", List.of("3", "3"));
        m.put("sessions.multiple-per-user", List.of("yes", "true"));
        m.put("cgroup.name", List.of("termhost-wired", "termhost-wired"));
        m.put("ssh.max-startups", List.of("10:30:100", "10:30:100"));
        m.put("logon.max-failures-per-minute", List.of("4", "4"));
        m.put("limits.disconnected", List.of("5s", "5000ms"));
        m.put("limits.idle", List.of("6s", "6000ms"));
        m.put("limits.active", List.of("7s", "7000ms"));
        m.put("limits.end-session", List.of("on", "true"));
        m.put("limits.warning", List.of("8s", "8000ms"));
        m.put("reconnect.same-client-only", List.of("1", "true"));
        m.put("session.max-processes", List.of("9", "9"));
        m.put("session.max-memory", List.of("10K", "10240"));
        m.put("ssh.ciphers", List.of("aes256-gcm@openssh.com", "aes256-gcm@openssh.com"));
        m.put("ssh.macs", List.of("hmac-sha2-512", "hmac-sha2-512"));
        m.put("ssh.kex-algorithms", List.of("curve25519-sha256", "curve25519-sha256"));
        m.put("logon.banner", List.of("/etc/issue.net", "/etc/issue.net"));
        m.put("logon.motd", List.of("/etc/motd", "/etc/motd"));
        m.put("records.utmp", List.of("/tmp/utmp", "/tmp/utmp"));
        m.put("records.wtmp", List.of("", ""));
        m.put("records.lastlog", List.of("/tmp/lastlog", "/tmp/lastlog"));
        m.put("auth.methods", List.of("publickey,keyboard-interactive  password", "publickey,keyboard-interactive password"));
        m.put("pam.service", List.of("sshd", "sshd"));
        m.put("auth.trusted-user-ca-keys", List.of("/etc/termhost/user-ca.pub", "/etc/termhost/user-ca.pub"));
        m.put("redirect.all", List.of("off", "false"));
        m.put("redirect.files", List.of("Read-Only", "read-only"));
        m.put("redirect.ports", List.of("all", "all"));
        m.put("redirect.agent", List.of("no", "false"));
        m.put("farm.url", List.of("jdbc:postgresql://pg1,pg2/termhost?password=secret&user=t",
                "jdbc:postgresql://pg1,pg2/termhost?password=***&user=t"));
        m.put("farm.name", List.of("farm.example", "farm.example"));
        m.put("farm.host", List.of("host-b", "host-b"));
        m.put("farm.weight", List.of("200", "200"));
        m.put("farm.lease", List.of("20s", "20000ms"));
        m.put("farm.heartbeat", List.of("4s", "4000ms"));
        m.put("farm.directory-required", List.of("yes", "true"));
        m.put("farm.command-retention", List.of("2h", "7200000ms"));
        m.put("farm.audit-retention", List.of("30d", "2592000000ms"));
        m.put("farm.pinned-keys", List.of("/srv/farm/keys", "/srv/farm/keys"));
        m.put("farm.relay-root", List.of("on", "true"));
        m.put("farm.on-lost-host", List.of("REFUSE", "refuse"));
        m.put("farm.session-limit", List.of("250", "250"));
        return m;
    }

    private Map<String, String> shown(Map<String, String> given) throws IOException {
        Settings s = SettingsLoader.load(Layout.under(dir), given);
        Map<String, String> m = new LinkedHashMap<>();
        SettingKeys.ALL.forEach(k -> m.put(k.key(), k.valueIn(s)));
        return m;
    }

    @Test
    void everyDeclaredSettingHasASampleHere() {
        assertThat(SettingKeys.ALL).extracting(Setting::key).containsExactlyElementsOf(GIVEN_AND_SHOWN.keySet());
    }

    @Test
    void aValueGivenForOneSettingShowsUnderThatKeyAndChangesNoOther() throws IOException {
        Map<String, String> defaults = shown(Map.of());
        for (Map.Entry<String, List<String>> e : GIVEN_AND_SHOWN.entrySet()) {
            String key = e.getKey();
            String given = e.getValue().get(0);
            Map<String, String> expected = new LinkedHashMap<>(defaults);
            expected.put(key, e.getValue().get(1));
            assertThat(expected).as("the sample for %s must differ from its default", key).isNotEqualTo(defaults);
            assertThat(shown(Map.of(key, given))).as("%s=%s", key, given).isEqualTo(expected);
        }
    }
}
