package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Issue 11: while {@code /etc/nologin} exists, every user but root is refused, shown the file's
 * text, and the refusal is audited; root still logs on. The file refuses every logon on the
 * machine, so this class runs alone ({@link Isolated}) and removes the file whatever happens.
 * "Root" is a second name for uid 0 made for the test, as sshd and pam_nologin go by the uid:
 * a test key never goes into root's own authorized_keys.
 */
@Isolated
@ExtendWith(RootRequired.class)
class NologinIT {
    private static final Path NOLOGIN = Path.of("/etc/nologin");

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1);

    @Test
    void nologinRefusesAUserWithItsTextAndLetsRootIn() throws Exception {
        String text = "termhost test maintenance " + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        Path stranger = tmp.resolve("stranger.key");
        Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()))
                .requireSuccess("ssh-keygen");
        try (TestUser root = TestUser.createUidZero(tmp)) {
            assertThat(root.uid()).isZero();
            // CREATE_NEW: a file that was there before is not ours to write or remove
            Files.writeString(NOLOGIN, text + "\n", java.nio.file.StandardOpenOption.CREATE_NEW);
            try {
                // the text is the file's; the command line holds none of it, so no echo can match
                Shell.Result refused = env.ssh().execShowingBanners("id -un");
                assertThat(refused.exit()).as(refused.err()).isEqualTo(255);
                assertThat(refused.err()).contains(text).contains("Permission denied");
                assertThat(refused.out()).isEmpty();
                // a key tried after the refused one must not turn the reason into "no matching key"
                Shell.Result twoKeys = env.ssh().execOfferingAlso(List.of(stranger), "id -un");
                assertThat(twoKeys.exit()).as(twoKeys.err()).isEqualTo(255);

                Shell.Result admitted = new SshClient(env.host(), root).exec("id -u");
                assertThat(admitted.exit()).as(admitted.err()).isZero();
                assertThat(admitted.out().strip()).isEqualTo("0");
            } finally {
                Files.deleteIfExists(NOLOGIN);
            }
        }
        List<AuditTrail.Row> rows = await().atMost(Duration.ofSeconds(15))
                .until(() -> refusals(), r -> r.size() >= 2);
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.actor()).isEqualTo(env.alice().name());
            assertThat(row.outcome()).isEqualTo("denied");
            assertThat(row.detail()).isEqualTo("logons are refused by /etc/nologin");
        });
        assertThat(AuditTrail.read(env.host().database()))
                .noneMatch(a -> a.type().equals("session.logon") && env.alice().name().equals(a.actor()));

        // the file was the only reason: without it the same key logs on
        Shell.Result after = env.ssh().exec("id -un");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out().strip()).isEqualTo(env.alice().name());
    }

    private List<AuditTrail.Row> refusals() {
        return AuditTrail.read(env.host().database()).stream()
                .filter(a -> a.type().equals("session.logon-refused")).toList();
    }
}
