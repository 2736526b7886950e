package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** A logon refused as sshd refuses one, and the record the daemon kept of it. */
final class Refusals {
    private Refusals() {
    }

    /**
     * {@code r} is a client that was refused ("Permission denied", exit 255); the first refusal
     * recorded names {@code user} and says each of {@code reasons}; no session was made. Returns
     * that record for the caller's own checks.
     */
    static AuditTrail.Row assertRefused(TermhostProcess host, Shell.Result r, String user, String... reasons) {
        assertThat(r.exit()).as(r.err()).isEqualTo(255);
        assertThat(r.err()).contains("Permission denied");
        // written after the client was told: waited for
        AuditTrail.Row row = await().atMost(Duration.ofSeconds(15))
                .until(() -> AuditTrail.read(host.database()).stream()
                        .filter(a -> a.type().equals("session.logon-refused")).toList(), rows -> !rows.isEmpty())
                .get(0);
        assertThat(row.actor()).isEqualTo(user);
        for (String reason : reasons) {
            assertThat(row.detail()).contains(reason);
        }
        assertThat(SessionList.of(host).sessions()).isEmpty();
        return row;
    }
}
