package termhost.daemon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PAM service of a test's own, {@code /etc/pam.d/termhost-test-XXXX}, for the daemon's
 * {@code pam.service} setting: the machine's real {@code termhost} service is never changed by a
 * test. {@link #close} removes it.
 */
public final class PamServiceFile implements AutoCloseable {
    private final String name;
    private final Path file;

    private PamServiceFile(String name) {
        this.name = name;
        this.file = Path.of("/etc/pam.d", name);
    }

    /** Writes a service made of {@code lines} (PAM configuration lines). */
    public static PamServiceFile write(String... lines) throws IOException {
        PamServiceFile s = new PamServiceFile("termhost-test-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        Files.writeString(s.file, "# a termhost test's own service, removed by the test\n" + String.join("\n", lines)
                + "\n", StandardOpenOption.CREATE_NEW);
        return s;
    }

    /** For {@code --set}: {@code pam.service=NAME}. */
    public String setting() {
        return "pam.service=" + name;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
