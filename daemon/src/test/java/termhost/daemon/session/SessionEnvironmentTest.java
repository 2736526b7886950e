package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.config.Layout;

/** The variables OpenSSH's session.c sets for a session, as termhost sets them. */
class SessionEnvironmentTest {
    private static final TerminalSpec SPEC = new TerminalSpec("xterm-256color", 80, 24, null, Map.of());

    @TempDir
    Path tmp;

    private SessionEnvironment environment() {
        return new SessionEnvironment(Layout.under(tmp), false);
    }

    @Test
    void theConnectionIsToldFromBothItsEndsAsTheClientReachedUs() {
        // a listener on every address: the server side is the address the client reached, with its port
        Map<String, String> env = environment().shellEnvironment(FakeHost.ALICE, 2, SPEC, "192.0.2.7:50123",
                "198.51.100.1:2222");
        assertThat(env).containsEntry("SSH_CLIENT", "192.0.2.7 50123 2222")
                .containsEntry("SSH_CONNECTION", "192.0.2.7 50123 198.51.100.1 2222")
                .containsEntry("TERM", "xterm-256color")
                .doesNotContainKey("SSH_TTY"); // an interactive shell's is set in its pane, where its terminal is known

        Map<String, String> v6 = environment().execEnvironment(FakeHost.ALICE, 3, Map.of(), null, null,
                "[2001:db8::7]:40000", "[::1]:22");
        assertThat(v6).containsEntry("SSH_CLIENT", "2001:db8::7 40000 22")
                .containsEntry("SSH_CONNECTION", "2001:db8::7 40000 ::1 22");
    }

    @Test
    void aCommandHasSshTtyOnlyOnATerminal() {
        SessionEnvironment e = environment();
        assertThat(e.execEnvironment(FakeHost.ALICE, 2, Map.of(), null, null, "10.0.0.5:1", "10.0.0.1:22"))
                .doesNotContainKeys("SSH_TTY", "TERM");
        assertThat(e.execEnvironment(FakeHost.ALICE, 2, Map.of(), SPEC, "/dev/pts/7", "10.0.0.5:1", "10.0.0.1:22"))
                .containsEntry("SSH_TTY", "/dev/pts/7").containsEntry("TERM", "xterm-256color");
    }

    @Test
    void langAndLcVariablesAreTakenWithTheirValuesAsSshdTakesThem() {
        Map<String, String> sent = Map.of("LANG", "de_DE.UTF-8", "LC_TERMINAL", "iTerm2 3.5/x", "LC_", "empty-suffix",
                "LC_BAD", "a\0b", "TZ", "UTC", "LD_PRELOAD", "/tmp/x.so", "LANGUAGE", "de");
        assertThat(SessionEnvironment.accepted(sent)).containsOnly(Map.entry("LANG", "de_DE.UTF-8"),
                Map.entry("LC_TERMINAL", "iTerm2 3.5/x"), Map.entry("LC_", "empty-suffix"));

        Map<String, String> env = environment().execEnvironment(FakeHost.ALICE, 2, sent, null, null, "10.0.0.5:1",
                "10.0.0.1:22");
        assertThat(env).containsEntry("LANG", "de_DE.UTF-8").doesNotContainKeys("TZ", "LD_PRELOAD", "LANGUAGE");
        assertThat(environment().execEnvironment(FakeHost.ALICE, 2, Map.of(), null, null, "10.0.0.5:1", "10.0.0.1:22"))
                .containsEntry("LANG", "C.UTF-8");
    }
}
