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
 * The domain never imports the transport (CONVENTIONS 2): only transport.ssh knows MINA SSHD, only
 * os and control bind native code, only store and audit know JDBC, and the session domain knows no transport.
 * And one gate: only authz refuses a management request or records a refusal.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/termhost/daemon");

    @Test
    void onlyTheSshTransportImportsMina() throws IOException {
        assertThat(offenders("import org.apache.sshd", "transport/ssh")).isEmpty();
    }

    @Test
    void onlyOsAndTheControlSocketBindNativeCode() throws IOException {
        assertThat(offenders("import com.sun.jna.Native", "os", "control")).isEmpty();
    }

    @Test
    void onlyTheStoreAndAuditImportJdbc() throws IOException {
        assertThat(offenders("import java.sql.Connection", "store")).isEmpty();
        assertThat(offenders("import java.sql.PreparedStatement", "store", "audit")).isEmpty();
    }

    @Test
    void theSessionDomainImportsNoTransport() throws IOException {
        // Daemon.java, the composition root, wires transports to the domain and may name both
        assertThat(offenders("import termhost.daemon.transport", "transport", "Daemon.java")).isEmpty();
        assertThat(offenders("import termhost.daemon.control", "control", "admin", "Daemon.java")).isEmpty();
    }

    @Test
    void theAccessGateAloneWritesDenials() throws IOException {
        // one gate (authz.AccessGate) enforces every management operation's rule and is the one
        // writer of access.denied rows; operations ask it and never the policy
        assertThat(offenders("AuditType.ACCESS_DENIED", "authz/AccessGate.java", "audit")).isEmpty();
        // (the session manager refuses logons in drain mode: a logon, not a management request)
        assertThat(offenders("ErrorCategory.ACCESS_DENIED", "authz", "session/SessionManager.java")).isEmpty();
        assertThat(offenders("import termhost.daemon.authz.AccessPolicy", "authz", "Daemon.java",
                "admin/RightsOperation.java")).isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        // guards the tests above against passing because they read nothing
        assertThat(offenders("import org.apache.sshd")).isNotEmpty();
    }

    /** Files outside {@code allowed} folders that contain {@code text}. */
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
