package termhost.daemon.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLevelsTest {
    @Test
    void oursAtInfoEveryLibraryAtWarnByDefault() {
        LogLevels levels = LogLevels.fromEnvironment(Map.of());
        assertThat(levels.thresholdOf("termhost.daemon.session.Logoffs")).isEqualTo(Level.INFO.toInt());
        for (String library : new String[] {"org.apache.sshd.server.SshServer", "org.sqlite.JDBC",
                "org.bouncycastle.Whatever", "termhostile.NotOurs"}) {
            assertThat(levels.thresholdOf(library)).as(library).isEqualTo(Level.WARN.toInt());
        }
    }

    @Test
    void aBareLevelIsOursAndAPrefixTheLongestMatchingWins() {
        LogLevels levels = LogLevels.parse(" debug , org.apache.sshd=info,org.apache.sshd.common.io=off");
        assertThat(levels.thresholdOf("termhost.daemon.Daemon")).isEqualTo(Level.DEBUG.toInt());
        assertThat(levels.thresholdOf("org.apache.sshd.server.SshServer")).isEqualTo(Level.INFO.toInt());
        assertThat(levels.thresholdOf("org.apache.sshd.common.io.nio2.Nio2Session")).isEqualTo(LogLevels.OFF);
        assertThat(levels.thresholdOf("org.sqlite.JDBC")).isEqualTo(Level.WARN.toInt());
        assertThat(levels.refused()).isEmpty();
    }

    @Test
    void whatIsNotUnderstoodIsRefusedByNameAndChangesNothing() {
        LogLevels levels = LogLevels.parse("verbose,=info,org.sqlite=loud,trace");
        assertThat(levels.refused()).containsExactly("verbose", "=info", "org.sqlite=loud");
        assertThat(levels.thresholdOf("org.sqlite.JDBC")).isEqualTo(Level.WARN.toInt());
        assertThat(levels.thresholdOf("termhost.daemon.Daemon")).isEqualTo(Level.TRACE.toInt());
    }
}
