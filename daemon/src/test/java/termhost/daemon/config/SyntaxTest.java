package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyntaxTest {
    @Test
    void durationsTakeTheirUnits() {
        assertThat(Syntax.DURATION.parse("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Syntax.DURATION.parse("k", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Syntax.DURATION.parse("k", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Syntax.DURATION.parse("k", "8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Syntax.DURATION.parse("k", "40")).isEqualTo(Duration.ofMillis(40));
        assertThat(Syntax.DURATION.format(Duration.ofMinutes(2))).isEqualTo("120000ms");
    }

    @Test
    void sizesTakeTheirUnitsAndShowInBytes() {
        assertThat(Syntax.SIZE.parse("k", "512M")).isEqualTo(512L << 20);
        assertThat(Syntax.SIZE.parse("k", "2g")).isEqualTo(2L << 30);
        assertThat(Syntax.SIZE.parse("k", "65536")).isEqualTo(65536L);
        assertThat(Syntax.SIZE.format(2L << 30)).isEqualTo("2147483648");
        assertThatThrownBy(() -> Syntax.SIZE.parse("k", "-1M")).hasMessageContaining("'-1M'");
    }

    @Test
    void booleansTakeTheUsualWords() {
        for (String yes : new String[] {"true", "YES", "on", "1"}) {
            assertThat(Syntax.BOOLEAN.parse("k", yes)).as(yes).isTrue();
        }
        for (String no : new String[] {"false", "No", "off", "0"}) {
            assertThat(Syntax.BOOLEAN.parse("k", no)).as(no).isFalse();
        }
    }

    @Test
    void anIpv6HostLosesItsBrackets() {
        assertThat(Syntax.HOST_PORT.parse("k", "[::1]:2222")).isEqualTo(new HostPort("::1", 2222));
        assertThat(Syntax.HOST_PORT.parse("k", "0.0.0.0:0")).isEqualTo(new HostPort("0.0.0.0", 0));
    }

    @Test
    void aRefusedValueIsNamedWithItsKeyAndAValidExample() {
        assertThatThrownBy(() -> Syntax.DURATION.parse("limits.idle", "soon"))
                .hasMessage("limits.idle: not a duration: 'soon' (e.g. 500ms, 3s, 2m, 8h, 30d; 0 for none)");
        assertThatThrownBy(() -> Syntax.SIZE.parse("session.max-memory", "lots"))
                .hasMessage("session.max-memory: not a size: 'lots' (e.g. 512M, 2G; 0 for none)");
        assertThatThrownBy(() -> Syntax.WHOLE_NUMBER.parse("keepalive.count-max", "two"))
                .hasMessage("keepalive.count-max: not a whole number: 'two' (e.g. 2, 10)");
        assertThatThrownBy(() -> Syntax.BOOLEAN.parse("limits.end-session", "maybe"))
                .hasMessage("limits.end-session: not true or false: 'maybe'"
                        + " (e.g. true, yes, on, 1; false, no, off, 0)");
        assertThatThrownBy(() -> Syntax.HOST_PORT.parse("listen", "nohost"))
                .hasMessage("listen: not HOST:PORT: 'nohost' (e.g. 127.0.0.1:2222, [::1]:2222)");
        assertThatThrownBy(() -> Syntax.HOST_PORT.parse("listen", "127.0.0.1:http"))
                .hasMessage("listen: not HOST:PORT: '127.0.0.1:http': the port 'http' is not a whole number"
                        + " (e.g. 127.0.0.1:2222, [::1]:2222)");
        assertThatThrownBy(() -> Syntax.FILE_REDIRECTION.parse("redirect.files", "readonly"))
                .hasMessage("redirect.files: not a file transfer mode: 'readonly': one of on, read-only, off"
                        + " (e.g. read-only)");
        assertThatThrownBy(() -> Syntax.PORT_REDIRECTION.parse("redirect.ports", "remote"))
                .hasMessage("redirect.ports: not a port forwarding mode: 'remote': one of off, local, all"
                        + " (e.g. local)");
    }
}
