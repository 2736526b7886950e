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
        assertThat(s.cgroupName()).startsWith("termhost-");
        assertThat(s.sources()).containsEntry(SettingsLoader.LISTEN, "default");
    }

    @Test
    void theCommandLineBeatsTheFileWhichBeatsTheDefaults() throws IOException {
        configFile("logoff.grace-period = 500ms\nlisten=0.0.0.0:2200\n");
        Settings s = SettingsLoader.load(layout(), Map.of(SettingsLoader.LISTEN, "[::1]:0"));
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.listenHost()).isEqualTo("::1");
        assertThat(s.listenPort()).isZero();
        assertThat(s.sources()).containsEntry(SettingsLoader.LISTEN, "command line")
                .containsEntry(SettingsLoader.GRACE_PERIOD, layout().configFile().toString());
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNamingTheKeyAndTheKnownOnes() throws IOException {
        configFile("logoff.grace = 5s\n");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'logoff.grace'")
                .hasMessageContaining(SettingsLoader.GRACE_PERIOD)
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
        assertError(SettingsLoader.GRACE_PERIOD, "soon");
        assertError(SettingsLoader.KEEPALIVE_COUNT, "two");
        assertError(SettingsLoader.MULTIPLE_SESSIONS, "maybe");
        assertError(SettingsLoader.LISTEN, "nohost");
        assertError(SettingsLoader.LISTEN, "127.0.0.1:http");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingsLoader.LISTEN, "127.0.0.1:70000")))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingsLoader.KEEPALIVE_COUNT, "0")))
                .hasMessageContaining("keep-alive count");
        assertThatThrownBy(() -> SettingsLoader.load(layout(), Map.of(SettingsLoader.CGROUP_NAME, "../x")))
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
