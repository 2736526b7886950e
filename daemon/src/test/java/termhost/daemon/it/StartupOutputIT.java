package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, logs: what the real daemon writes from its start to its stop, in a terminal and in
 * systemd's journal. A normal start says where it listens and nothing from the libraries (MINA
 * wrote five INFO lines here); in the journal every line carries the syslog priority journald
 * reads, and an event is one line.
 */
@ExtendWith(RootRequired.class)
class StartupOutputIT {
    private static final String STOPPED = "Daemon: stopped; 0 sessions left running, for the next start to re-adopt";

    @TempDir
    Path tmp;

    @Test
    void inATerminalTheStartUpIsShortAndCleanAndTheStopOneLine() throws Exception {
        List<String> lines;
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"))) {
            host.stop();
            lines = linesUntilStopped(host);
            assertThat(lines).as(String.join("\n", lines)).hasSize(5);
            assertThat(lines.get(0)).isEqualTo("termhost listening on 127.0.0.1:" + host.port() + " (state in "
                    + host.stateDir().resolve("state") + ")");
            assertThat(lines.get(1)).startsWith("  processes contained by cgroup v2 at ");
            assertThat(lines.get(2)).isEqualTo("  connect:   ssh -p " + host.port() + " USER@127.0.0.1");
            assertThat(lines.get(3)).isEqualTo("  sessions:  TERMHOST_STATE_DIR=" + host.stateDir()
                    + " ./termhost query session");
            assertThat(lines.get(4)).matches("\\d\\d:\\d\\d:\\d\\d INFO  " + STOPPED);
        }
    }

    @Test
    void inTheJournalEveryLineHasItsPriorityAndAnEventIsOneLine() throws Exception {
        List<String> lines;
        try (TermhostProcess host = TermhostProcess.startWithStderrAsJournal(tmp.resolve("state"))) {
            // the start-up lines go on after the one that gave the port: the event must come after them
            await().atMost(Duration.ofSeconds(30)).until(() -> host.logText().contains("processes contained by"));
            // an event between start and stop: a request that is no frame, logged as malformed
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(host.socket()))) {
                c.write(ByteBuffer.wrap("JUNK".getBytes(StandardCharsets.US_ASCII)));
                c.shutdownOutput();
                c.read(ByteBuffer.allocate(4096)); // the daemon's reply: it has logged by then
            }
            host.stop();
            lines = linesUntilStopped(host);
            assertThat(lines).as(String.join("\n", lines)).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("<6>termhost listening on 127.0.0.1:" + host.port() + " (state in "
                    + host.stateDir().resolve("state") + ")");
            assertThat(lines.get(1)).startsWith("<6>processes contained by cgroup v2 at ");
            assertThat(lines.get(2)).startsWith("<6>ControlConnection: malformed control request from ")
                    .endsWith(": bad frame magic 0x4a554e4b");
            assertThat(lines.get(3)).isEqualTo("<6>" + STOPPED);
        }
    }

    /** The daemon's whole output, once its last line, written at its stop, is in. */
    private static List<String> linesUntilStopped(TermhostProcess host) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> host.logText().contains(STOPPED));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no line '" + STOPPED + "' in the daemon's output:\n" + host.logText(), e);
        }
        return host.logText().lines().toList();
    }
}
