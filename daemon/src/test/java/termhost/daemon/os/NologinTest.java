package termhost.daemon.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which nologin file bars logons and what the refused are shown. */
class NologinTest {
    @TempDir
    Path tmp;

    private Path run;
    private Path etc;
    private Nologin nologin;

    @BeforeEach
    void files() {
        run = tmp.resolve("run-nologin");
        etc = tmp.resolve("etc-nologin");
        nologin = new Nologin(List.of(run, etc));
    }

    @Test
    void noFileNoNotice() {
        assertThat(nologin.current()).isEmpty();
    }

    @Test
    void theFileAndItsTextAsWritten() throws IOException {
        Files.writeString(etc, "Back at 14:00.\nAsk ops@example.org.\n");

        assertThat(nologin.current()).contains(new Nologin.Notice(etc, "Back at 14:00.\nAsk ops@example.org.\n"));
    }

    @Test
    void runNologinComesFirst() throws IOException {
        Files.writeString(etc, "maintenance\n");
        Files.writeString(run, "shutting down\n");

        assertThat(nologin.current()).map(Nologin.Notice::file).contains(run);
    }

    @Test
    void anEmptyFileStillBarsWithLoginsWords() throws IOException {
        Files.writeString(etc, " \n");

        assertThat(nologin.current()).contains(new Nologin.Notice(etc, Nologin.EMPTY_FILE_TEXT));
    }

    @Test
    void theTextEndsTheLine() throws IOException {
        Files.writeString(etc, "no newline");

        assertThat(nologin.current()).map(Nologin.Notice::text).contains("no newline\n");
    }

    @Test
    void aHugeOrGarbledFileIsCutAndDecoded() throws IOException {
        byte[] big = new byte[Nologin.MAX_TEXT_BYTES * 4];
        java.util.Arrays.fill(big, (byte) 'x');
        big[0] = (byte) 0xff;
        Files.write(etc, big);

        Optional<String> text = nologin.current().map(Nologin.Notice::text);

        assertThat(text).hasValueSatisfying(t -> {
            assertThat(t).startsWith("\uFFFDxxx").endsWith("x\n");
            assertThat(t.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Nologin.MAX_TEXT_BYTES + 3);
        });
    }
}
