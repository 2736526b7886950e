package termhost.daemon.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class LogLineTest {
    private static final LocalTime T = LocalTime.of(14, 3, 7, 500_000_000);

    @Test
    void theJournalGetsTheSyslogPriorityItUnderstandsAndNoTime() {
        assertThat(LogLine.JOURNAL.format(Level.ERROR, T, "termhost.daemon.terminal.TerminalIo", "stuck", null))
                .isEqualTo("<3>TerminalIo: stuck");
        assertThat(LogLine.JOURNAL.format(Level.WARN, T, "org.apache.sshd.server.SshServer", "x", null))
                .isEqualTo("<4>SshServer: x");
        assertThat(LogLine.JOURNAL.format(Level.INFO, T, "Daemon", "x", null)).isEqualTo("<6>Daemon: x");
        assertThat(LogLine.JOURNAL.format(Level.DEBUG, T, "a.B", "x", null)).isEqualTo("<7>B: x");
        assertThat(LogLine.JOURNAL.format(Level.TRACE, T, "a.B", "x", null)).isEqualTo("<7>B: x");
    }

    @Test
    void aTerminalGetsTheTimeAndTheLevelInWords() {
        assertThat(LogLine.TERMINAL.format(Level.WARN, T, "termhost.daemon.session.Logoffs", "session 3 (bob): gone",
                null)).isEqualTo("14:03:07 WARN  Logoffs: session 3 (bob): gone");
        assertThat(LogLine.TERMINAL.prefix(Level.ERROR)).isEmpty();
    }

    @Test
    void anEventIsOneLineWhateverItsMessageAndItsExceptionSay() {
        String line = LogLine.JOURNAL.format(Level.WARN, T, "a.B", "first\nsecond\r\nthird",
                new IllegalStateException("why\nand more"));
        assertThat(line).doesNotContain("\n", "\r")
                .isEqualTo("<4>B: first\\nsecond\\nthird (java.lang.IllegalStateException: why\\nand more)");
        // an exception the message already names is not named twice
        assertThat(LogLine.JOURNAL.format(Level.WARN, T, "a.B", "failed: no space", new IOException("no space")))
                .isEqualTo("<4>B: failed: no space");
    }

    @Test
    void theJournalFormIsTakenOnlyWhenJournalStreamNamesStderrItself(@TempDir Path tmp) throws IOException {
        Path stderr = Files.createFile(tmp.resolve("stderr"));
        Path other = Files.createFile(tmp.resolve("other"));
        String itself = Files.getAttribute(stderr, "unix:dev") + ":" + Files.getAttribute(stderr, "unix:ino");
        String inherited = Files.getAttribute(other, "unix:dev") + ":" + Files.getAttribute(other, "unix:ino");
        assertThat(LogSink.formOf(Map.of("JOURNAL_STREAM", itself), stderr)).isEqualTo(LogLine.JOURNAL);
        assertThat(LogSink.formOf(Map.of("JOURNAL_STREAM", inherited), stderr)).isEqualTo(LogLine.TERMINAL);
        assertThat(LogSink.formOf(Map.of(), stderr)).isEqualTo(LogLine.TERMINAL);
        assertThat(LogSink.formOf(Map.of("JOURNAL_STREAM", "nonsense"), stderr)).isEqualTo(LogLine.TERMINAL);
    }
}
