package termhost.daemon.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authorized_keys lines split as sshd splits them: options up to the first blank outside quotes. */
class AuthorizedKeysTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILxmhoCl2pBxYyn//XeHETlTYKtntd8LoJEwUfu9TQEa";

    @TempDir
    Path dir;

    @Test
    void aLineWithoutOptionsHasNone() {
        AuthorizedKeys.Line l = AuthorizedKeys.parse(1, KEY + " alice@host");
        assertThat(l.options()).isEmpty();
        assertThat(l.entry().getKeyType()).isEqualTo("ssh-ed25519");
    }

    @Test
    void optionsEndAtTheFirstBlankOutsideQuotes() {
        String options = "command=\"echo \\\"a b\\\" c\",from=\"10.0.0.0/8\",no-pty";
        AuthorizedKeys.Line l = AuthorizedKeys.parse(3, options + "   " + KEY + " comment with blanks");
        assertThat(l.options()).isEqualTo(options);
        assertThat(l.number()).isEqualTo(3);
        assertThat(l.entry().getKeyType()).isEqualTo("ssh-ed25519");
    }

    @Test
    void commentsBlankLinesAndUnreadableLinesAreSkippedWithTheirNumbersKept() throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, "# a comment\n\nnot a key at all\r\nno-pty " + KEY + "\r\n");
        assertThat(AuthorizedKeys.read(file)).singleElement().satisfies(l -> {
            assertThat(l.number()).isEqualTo(4);
            assertThat(l.options()).isEqualTo("no-pty");
        });
    }
}
