package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 4 (failure mode F14): {@code termhost config} shows each policy with its effective
 * value and where it came from — the command line, the config file, or the default.
 */
@ExtendWith(RootRequired.class)
class ConfigIT {
    @TempDir
    Path tmp;

    @Test
    void everySettingShowsItsValueAndItsSource() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Path conf = state.resolve("termhost.conf");
        Files.writeString(conf, "limits.idle=15m\nlimits.end-session=true\nlimits.warning=1m\n");
        try (TermhostProcess host = TermhostProcess.start(state, "limits.disconnected=90s",
                "reconnect.same-client-only=true", "limits.warning=30s")) {
            Shell.Result r = host.command("config");
            assertThat(r.exit()).as(r.err()).isZero();

            assertThat(row(r.out(), "limits.disconnected")).hasValue("90000ms  (command line)");
            assertThat(row(r.out(), "reconnect.same-client-only")).hasValue("true  (command line)");
            assertThat(row(r.out(), "limits.idle")).hasValue("900000ms  (" + conf + ")");
            assertThat(row(r.out(), "limits.end-session")).hasValue("true  (" + conf + ")");
            assertThat(row(r.out(), "limits.warning")).as("the command line beats the file")
                    .hasValue("30000ms  (command line)");
            assertThat(row(r.out(), "limits.active")).hasValue("0ms  (default)");
            assertThat(row(r.out(), "sessions.multiple-per-user")).hasValue("false  (default)");

            // what termhost config says is what the daemon does: the file's limit is the one in force
            assertThat(host.command("config").out()).isEqualTo(r.out());
        }
    }

    @Test
    void anUnknownSettingInTheFileStopsTheDaemonNamingIt() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("termhost.conf"), "limits.idel=15m\n");
        try (TermhostProcess host = TermhostProcess.start(state)) {
            throw new AssertionError("the daemon started with a misspelt setting");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("limits.idel");
        }
    }

    private static Optional<String> row(String table, String key) {
        return table.lines().filter(l -> l.startsWith(key + " ")).findFirst().map(l -> l.substring(key.length()).strip());
    }
}
