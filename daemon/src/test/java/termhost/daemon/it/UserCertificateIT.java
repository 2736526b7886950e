package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2: OpenSSH user certificates, as sshd takes them with {@code TrustedUserCAKeys}
 * (reference/ssh-host.md, step 14). The CA and the certificates are {@code ssh-keygen -s}'s; the
 * user's authorized_keys is emptied, so only the certificate can log on.
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class UserCertificateIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    private Path ca;
    private Path userKey;

    @BeforeEach
    void trustACa() throws Exception {
        ca = keyPair("ca");
        Path trusted = tmp.resolve("trusted-user-ca.pub");
        Files.copy(Path.of(ca + ".pub"), trusted);
        env.start("auth.trusted-user-ca-keys=" + trusted);
        Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"), "");
        userKey = keyPair("alice-cert-key");
    }

    @Test
    void aCertificateForTheUserSignedByATrustedCaLogsOn() {
        sign(ca, "-n", env.alice().name() + ",someone-else", "-V", "-5m:+1h");
        Shell.Result r = ssh("id -un");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(env.alice().name());
    }

    @Test
    void aCertificateForAnotherPrincipalIsRefused() {
        sign(ca, "-n", "someone-else", "-V", "-5m:+1h");
        assertRefused(ssh("true"), "do not include " + env.alice().name());
    }

    @Test
    void anExpiredCertificateIsRefused() {
        sign(ca, "-n", env.alice().name(), "-V", "20200101:20200102");
        assertRefused(ssh("true"), "not valid now");
    }

    @Test
    void aCertificateNotYetValidIsRefused() {
        sign(ca, "-n", env.alice().name(), "-V", "+1d:+2d");
        assertRefused(ssh("true"), "not valid now");
    }

    @Test
    void aCertificateOfAnUntrustedCaIsRefused() throws Exception {
        sign(keyPair("other-ca"), "-n", env.alice().name(), "-V", "-5m:+1h");
        assertRefused(ssh("true"), "which is not in");
    }

    @Test
    void aForcedCommandOfTheCertificateRunsInsteadOfTheClients() {
        sign(ca, "-n", env.alice().name(), "-V", "-5m:+1h", "-O", "force-command=echo \"asked=$SSH_ORIGINAL_COMMAND\"");
        Shell.Result r = ssh("echo other");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("asked=echo other\n");
    }

    @Test
    void aCertificateWithoutPermitPtyGetsNoTerminal() {
        sign(ca, "-n", env.alice().name(), "-V", "-5m:+1h", "-O", "no-pty");
        List<String> cmd = sshCommand("tty");
        cmd.add(1, "-tt");
        Shell.Result r = Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.err()).contains("PTY allocation request failed");
        assertThat(ssh("tty").out()).isEqualTo("not a tty\n");
    }

    @Test
    void aCertificateFromAnAddressOutsideItsSourceAddressIsRefused() {
        sign(ca, "-n", env.alice().name(), "-V", "-5m:+1h", "-O", "source-address=10.0.0.0/8");
        assertRefused(ssh("true"), "not allowed by from=\"10.0.0.0/8\"");
    }

    @Test
    void aCriticalOptionTermhostDoesNotEnforceRefusesTheCertificate() {
        sign(ca, "-n", env.alice().name(), "-V", "-5m:+1h", "-O", "verify-required");
        assertRefused(ssh("true"), "critical option verify-required is not supported");
    }

    @Test
    void aCertAuthorityLineOfTheUsersOwnTrustsItsCaForThatAccount() throws Exception {
        Path own = keyPair("own-ca");
        authorizeCa("cert-authority,no-pty", own);
        sign(own, "-n", env.alice().name(), "-V", "-5m:+1h");
        assertThat(ssh("id -un").out().strip()).isEqualTo(env.alice().name());
        // the line's options bind the certificate too
        List<String> cmd = sshCommand("tty");
        cmd.add(1, "-tt");
        assertThat(Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60)).err())
                .contains("PTY allocation request failed");
    }

    @Test
    void aCertAuthorityLineWithPrincipalsWantsOneOfThem() throws Exception {
        Path own = keyPair("own-ca");
        authorizeCa("cert-authority,principals=\"ops,admins\"", own);
        sign(own, "-n", "admins", "-V", "-5m:+1h");
        assertThat(ssh("id -un").out().strip()).isEqualTo(env.alice().name());
        sign(own, "-n", env.alice().name(), "-V", "-5m:+1h");
        assertRefused(ssh("true"), "do not include any of [ops, admins]");
    }

    @Test
    void theCasOwnKeyDoesNotLogOnThroughItsCertAuthorityLine() throws Exception {
        Path own = keyPair("own-ca");
        authorizeCa("cert-authority", own);
        userKey = own; // the client offers the CA's bare key
        List<String> cmd = sshCommand("true");
        int at = cmd.indexOf("CertificateFile=" + own + "-cert.pub");
        cmd.subList(at - 1, at + 1).clear();
        Shell.Result r = Shell.run(cmd, Map.of(), null, Duration.ofSeconds(60));
        assertThat(r.exit()).isEqualTo(255);
        assertThat(SessionList.of(env.host()).sessions()).isEmpty();
    }

    private void authorizeCa(String options, Path caKey) throws Exception {
        Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"),
                options + " " + Files.readString(Path.of(caKey + ".pub")));
    }

    private Path keyPair(String name) {
        Path key = tmp.resolve(name);
        Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()))
                .requireSuccess("ssh-keygen");
        return key;
    }

    /** Signs the user's key with {@code signer} ({@code ssh-keygen -s}); the certificate lands beside it. */
    private void sign(Path signer, String... options) {
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-s", signer.toString(), "-I", "test-cert"));
        cmd.addAll(List.of(options));
        cmd.add(userKey + ".pub");
        Shell.run(cmd).requireSuccess("ssh-keygen -s");
    }

    private List<String> sshCommand(String command) {
        return new ArrayList<>(List.of("ssh", "-p", Integer.toString(env.host().port()), "-i", userKey.toString(),
                "-o", "CertificateFile=" + userKey + "-cert.pub", "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                env.alice().name() + "@127.0.0.1", command));
    }

    private Shell.Result ssh(String command) {
        return Shell.run(sshCommand(command), Map.of(), null, Duration.ofSeconds(60));
    }

    private void assertRefused(Shell.Result r, String reason) {
        Refusals.assertRefused(env.host(), r, env.alice().name(), "certificate \"test-cert\"", reason);
    }
}
