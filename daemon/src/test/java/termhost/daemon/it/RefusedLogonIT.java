package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2, "refused logons": unknown, locked, expired, key-less accounts and wrong keys, each
 * audited with its reason. Issue 11: the account states that must not stop a key, as the host
 * means them (a password never set, a password past its age). Issue 13: the host's PAM account
 * stack has its say on keys too (an inactive password).
 */
@ExtendWith(RootRequired.class)
class RefusedLogonIT {
    @TempDir
    Path tmp;

    /** More than the daemon's handshake workers (SshTransport: twice the CPUs, at least 4). */
    private static final int FIFO_ATTEMPTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) + 2;

    // the throttle above the FIFO test's attempts: on a machine with more CPUs it would refuse bob
    // for alice's refusals (same address); the other tests are refused once each
    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(1, "logon.max-failures-per-minute=" + (FIFO_ATTEMPTS + 2));

    @Test
    void anUnknownUserIsRefused() {
        String nobody = "thtnosuch" + env.alice().uid();
        assertRefused(env.ssh().execAs(nobody, "true"), nobody, "no such user");
    }

    @Test
    void aLockedAccountIsRefused() {
        Shell.run(List.of("usermod", "-L", env.alice().name())).requireSuccess("usermod -L");
        assertThat(env.alice().shadowPassword()).isEqualTo("!*");
        assertRefused(env.ssh().exec("true"), env.alice().name(), "account locked");
    }

    @Test
    void anAccountWhosePasswordWasLockedIsRefused() {
        String name = env.alice().name();
        Shell.run(List.of("usermod", "-p", "$6$termhost$" + "x".repeat(86), name)).requireSuccess("usermod -p");
        Shell.run(List.of("passwd", "-l", name)).requireSuccess("passwd -l");
        assertThat(env.alice().shadowPassword()).startsWith("!$6$");
        assertRefused(env.ssh().exec("true"), name, "account locked");
    }

    @Test
    void anExpiredAccountIsRefused() {
        Shell.run(List.of("chage", "-E", "0", env.alice().name())).requireSuccess("chage -E 0");
        assertRefused(env.ssh().exec("true"), env.alice().name(), "account expired");
    }

    @Test
    void aUserMadeByPlainUseraddLogsOnByKey() throws Exception {
        try (TestUser plain = TestUser.createAsUseradd(tmp)) {
            assertThat(plain.shadowPassword()).isEqualTo("!");
            assertLogsOn(new SshClient(env.host(), plain));
        }
    }

    @Test
    void aPasswordPastItsAgeDoesNotStopAKey() {
        // changed in 2000, at most 1 day old: PAM's account stack says "change it" (sshd admits a
        // key then too), which a key logon does not use
        Shell.run(List.of("chage", "-d", "2000-01-01", "-M", "1", env.alice().name())).requireSuccess("chage");
        assertLogsOn(env.ssh());
    }

    @Test
    void aPasswordInactivePastItsGraceIsRefusedAsDebiansSshdRefusesIt() {
        // ... and 1 day of grace, decades ago: pam_unix calls the account expired (common-account then
        // ends in pam_deny, whose word is the one returned),
        // and Debian's sshd (UsePAM yes) refuses the key too. Issue 13 brought the account stack
        // to key logons; before it, this logon went through (the test above had -I 1 then).
        Shell.run(List.of("chage", "-d", "2000-01-01", "-M", "1", "-I", "1", env.alice().name()))
                .requireSuccess("chage");
        assertRefused(env.ssh().exec("true"), env.alice().name(),
                "refused by PAM's account stack (pam_acct_mgmt: Authentication failure)");
    }

    @Test
    void anAccountWithoutAuthorizedKeysIsRefused() throws Exception {
        Files.delete(env.alice().home().resolve(".ssh/authorized_keys"));
        assertRefused(env.ssh().exec("true"), env.alice().name(), "authorized_keys");
    }

    /**
     * sshd reads authorized_keys as its user (so a home that root cannot enter, NFS with
     * root_squash, works): a file its owner made unreadable admits no key, though root could read it.
     */
    @Test
    void authorizedKeysIsReadAsItsUser() throws Exception {
        Path keys = env.alice().home().resolve(".ssh/authorized_keys");
        Files.setPosixFilePermissions(keys, java.util.Set.of());

        assertRefused(env.ssh().exec("true"), env.alice().name(), "cannot read " + keys);

        Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Shell.Result r = env.ssh().exec("id -un");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(env.alice().name());
    }

    @Test
    void aKeyThatIsNotInAuthorizedKeysIsRefused() throws Exception {
        Path other = tmp.resolve("other.key");
        Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()))
                .requireSuccess("ssh-keygen");
        Files.copy(Path.of(other + ".pub"), env.alice().home().resolve(".ssh/authorized_keys"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(env.ssh().exec("true"), env.alice().name(), "no matching key");
    }

    @Test
    void anAuthorizedKeysFifoIsRefusedAndHoldsUpNobody() throws Exception {
        // sshd reads only a regular file; a plain open(2) of a FIFO waits for a writer, holding a
        // handshake worker for good per attempt: more attempts than workers and nobody could log on
        Path keys = env.alice().home().resolve(".ssh/authorized_keys");
        Files.delete(keys);
        Shell.run(List.of("mkfifo", "-m", "600", keys.toString())).requireSuccess("mkfifo");
        Shell.run(List.of("chown", env.alice().name() + ":", keys.toString())).requireSuccess("chown");
        // all at once, each on a thread of its own (the common pool may run them one by one)
        ExecutorService clients = Executors.newFixedThreadPool(FIFO_ATTEMPTS);
        try {
            List<Future<Shell.Result>> tries = new ArrayList<>();
            for (int i = 0; i < FIFO_ATTEMPTS; i++) {
                tries.add(clients.submit(() -> env.ssh().exec("true")));
            }
            for (Future<Shell.Result> t : tries) {
                assertThat(t.get().exit()).as(t.get().err()).isEqualTo(255);
                assertThat(t.get().err()).contains("Permission denied");
            }
        } finally {
            clients.shutdownNow();
        }
        // after more refused attempts than there are workers, one is still free
        try (TestUser bob = TestUser.create(tmp)) {
            Shell.Result r = new SshClient(env.host(), bob).exec("id -un");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(bob.name());
        }
        assertThat(await().atMost(Duration.ofSeconds(15)).until(() -> AuditTrail.read(env.host().database()).stream()
                .filter(a -> a.type().equals("session.logon-refused")).toList(), rows -> rows.size() == FIFO_ATTEMPTS))
                .allSatisfy(row -> assertThat(row.detail()).isEqualTo(keys + " is not a regular file"));
    }

    @Test
    void theRightKeyStillLogsOn() {
        assertLogsOn(env.ssh());
    }

    private void assertLogsOn(SshClient ssh) {
        // the name is in what the command prints, not in the command line
        Shell.Result r = ssh.exec("id -un");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(ssh.user().name());
        assertThat(AuditTrail.read(env.host().database())).noneMatch(a -> a.type().equals("session.logon-refused"));
    }

    private void assertRefused(Shell.Result r, String user, String reason) {
        AuditTrail.Row row = Refusals.assertRefused(env.host(), r, user, reason);
        assertThat(row.outcome()).isEqualTo("denied");
        assertThat(row.source()).matches("ssh 127\\.0\\.0\\.1:\\d+");
        assertThat(AuditTrail.read(env.host().database())).noneMatch(a -> a.type().equals("session.logon"));
    }
}
