package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Layout layout() {
        return Layout.under(dir);
    }

    private void configFile(String text) throws IOException {
        Files.createDirectories(layout().configDir());
        Files.writeString(layout().configFile(), text);
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() throws IOException {
        Settings s = SettingsLoader.load(layout(), Map.of());
        assertThat(s.listenHost()).isEqualTo("127.0.0.1");
        assertThat(s.listenPort()).isEqualTo(2222);
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.multipleSessionsPerUser()).isFalse();
        assertThat(s.cgroupName()).isEqualTo("termhost-" + Integer.toHexString(layout().stateDir().toString()
                .hashCode()));
        assertThat(s.sources()).containsEntry(SettingKeys.LISTEN.key(), "default");
    }

    @Test
    void theCommandLineBeatsTheFileWhichBeatsTheDefaults() throws IOException {
        configFile("logoff.grace-period = 500ms\nlisten=0.0.0.0:2200\n");
        Settings s = SettingsLoader.load(layout(), Map.of(SettingKeys.LISTEN.key(), "[::1]:0"));
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.listenHost()).isEqualTo("::1");
        assertThat(s.listenPort()).isZero();
        assertThat(s.sources()).containsEntry(SettingKeys.LISTEN.key(), "command line")
                .containsEntry(SettingKeys.GRACE_PERIOD.key(), layout().configFile().toString());
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNamingTheKeyAndTheKnownOnes() throws IOException {
        configFile("logoff.grace = 5s\n");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'logoff.grace'")
                .hasMessageContaining(SettingKeys.GRACE_PERIOD.key())
                .hasMessageContaining(layout().configFile().toString());
    }

    @Test
    void anUnknownKeyOnTheCommandLineIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of("sessions.multiple", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessions.multiple");
    }

    @Test
    void badValuesAreErrorsNamingTheKeyAndTheValue() {
        assertError(SettingKeys.GRACE_PERIOD.key(), "soon");
        assertError(SettingKeys.KEEPALIVE_COUNT.key(), "two");
        assertError(SettingKeys.MULTIPLE_SESSIONS.key(), "maybe");
        assertError(SettingKeys.LISTEN.key(), "nohost");
        assertError(SettingKeys.LISTEN.key(), "127.0.0.1:http");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingKeys.LISTEN.key(),
                "127.0.0.1:70000"))).hasMessageContaining("70000");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingKeys.KEEPALIVE_COUNT.key(), "0")))
                .hasMessageContaining("keep-alive count");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingKeys.CGROUP_NAME.key(), "../x")))
                .hasMessageContaining("cgroup name");
    }

    private void assertError(String key, String value) {
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(key, value)))
                .as(key + "=" + value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("'" + value.substring(value.indexOf(':') + 1) + "'");
    }
}
