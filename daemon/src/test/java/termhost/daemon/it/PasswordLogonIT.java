package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 1 and 2: a user with a password logs on with it through the host's PAM stack
 * (the daemon's own {@code /etc/pam.d/termhost}, installed when missing) from OpenSSH, PuTTY,
 * Dropbear and paramiko; a wrong password is refused, audited and throttled, and opens nothing;
 * root, and a locked account even with its right password, are refused.
 */
@ExtendWith(RootRequired.class)
class PasswordLogonIT {
    /** paramiko 2.12 speaks no AES-GCM; three refusals a minute make the throttle quick to reach. */
    private static final String[] SETTINGS = {"ssh.ciphers=aes128-gcm@openssh.com,aes128-ctr",
        "logon.max-failures-per-minute=3"};

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1, SETTINGS);

    private final String password = "Pw-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private PasswordClients clients;

    @BeforeEach
    void givePassword() {
        env.alice().setPassword(password);
        clients = new PasswordClients(env.host(), tmp);
    }

    @Test
    void opensshLogsOnWithThePassword() {
        assertLoggedOn(clients.openssh(env.alice().name(), password, "id -un"));
    }

    @Test
    void plinkLogsOnWithThePassword() {
        assertLoggedOn(clients.plink(env.alice().name(), password, "id -un"));
    }

    @Test
    void dbclientLogsOnWithThePassword() {
        assertLoggedOn(clients.dbclient(env.alice().name(), password, "id -un"));
    }

    @Test
    void paramikoLogsOnWithThePassword() throws Exception {
        assertLoggedOn(clients.paramiko(env.alice().name(), "password", "id -un", password));
    }

    @Test
    void aWrongPasswordIsRefusedAuditedAndOpensNothing() {
        Shell.Result r = clients.openssh(env.alice().name(), password + "x", "id -un");
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertRefused(env.alice().name(), "password: refused by PAM (pam_authenticate: Authentication failure)");
    }

    @Test
    void wrongPasswordsAreThrottledThenEvenTheRightOneIsRefused() throws Exception {
        for (int i = 0; i < 3; i++) {
            Shell.Result r = clients.paramiko(env.alice().name(), "password", "id -un", "wrong" + i);
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> refusals().size() == 3);

        Shell.Result right = clients.paramiko(env.alice().name(), "password", "id -un", password);
        assertThat(right.exit()).as(right.err()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(15)).until(() -> refusals().size() == 4);
        assertThat(refusals().get(3).detail()).startsWith("too many refused logons from this address");
        assertThat(SessionList.of(env.host()).sessions()).isEmpty();
    }

    @Test
    void rootLogsOnByKeyOnly() throws Exception {
        try (TestUser root = TestUser.createUidZero(tmp)) {
            root.setPassword(password);
            Shell.Result r = clients.openssh(root.name(), password, "id -u");
            assertThat(r.exit()).isNotZero();
            assertRefused(root.name(), "password: root logs on by key only");

            Shell.Result byKey = new SshClient(env.host(), root).exec("id -u");
            assertThat(byKey.exit()).as(byKey.err()).isZero();
            assertThat(byKey.out().strip()).isEqualTo("0");
        }
    }

    @Test
    void aLockedAccountIsRefusedEvenWithItsRightPassword() {
        Shell.run(List.of("usermod", "-L", env.alice().name())).requireSuccess("usermod -L");
        Shell.Result r = clients.openssh(env.alice().name(), password, "id -un");
        assertThat(r.exit()).isNotZero();
        assertRefused(env.alice().name(), "password: account locked");
    }

    private void assertLoggedOn(Shell.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(env.alice().name());
        assertThat(refusals()).isEmpty();
    }

    private void assertRefused(String user, String detail) {
        AuditTrail.Row row = await().atMost(Duration.ofSeconds(15)).until(this::refusals, rows -> !rows.isEmpty()).get(0);
        assertThat(row.actor()).isEqualTo(user);
        assertThat(row.outcome()).isEqualTo("denied");
        assertThat(row.detail()).isEqualTo(detail);
        assertThat(SessionList.of(env.host()).sessions()).isEmpty();
        assertThat(AuditTrail.read(env.host().database())).noneMatch(a -> a.type().equals("session.logon"));
    }

    private List<AuditTrail.Row> refusals() {
        return AuditTrail.read(env.host().database()).stream()
                .filter(a -> a.type().equals("session.logon-refused")).toList();
    }
}
