package termhost.daemon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One gate: authz.AccessGate enforces every management operation's rule and is the one writer of
 * access.denied rows; operations ask it, never the policy. (Names in the sources, which is what
 * this is about: who writes the refusal, not which package depends on which.)
 */
class OneGateTest {
    private static final Path SOURCES = Path.of("src/main/java/termhost/daemon");

    @Test
    void theAccessGateAloneWritesDenials() throws IOException {
        assertThat(offenders("AuditType.ACCESS_DENIED", "authz/AccessGate.java", "audit")).isEmpty();
        // (a logon refused in drain mode is a logon's refusal, not a management request's)
        assertThat(offenders("ErrorCategory.ACCESS_DENIED", "authz", "session/LogonAdmission.java")).isEmpty();
        assertThat(offenders("import termhost.daemon.authz.AccessPolicy", "authz", "Daemon.java",
                "admin/RightsOperation.java")).isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        assertThat(offenders("AuditType.ACCESS_DENIED")).isNotEmpty();
    }

    /** Files outside {@code allowed} (folders or files, relative to the daemon's package) that contain {@code text}. */
    private static List<String> offenders(String text, String... allowed) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = SOURCES.relativize(f).toString();
                boolean ok = Stream.of(allowed).anyMatch(a -> rel.startsWith(a + "/") || rel.equals(a));
                if (!ok && Files.readString(f).contains(text)) {
                    found.add(rel);
                }
            }
        }
        return found;
    }
}
