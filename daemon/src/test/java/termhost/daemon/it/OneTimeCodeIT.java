package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 1 and 2: a second factor through PAM ({@code libpam-oath}, codes from
 * {@code oathtool}): keyboard-interactive asks as many rounds as the stack has (a password, then
 * a one-time code); the password method cannot answer a second prompt; {@code auth.methods}
 * {@code publickey,keyboard-interactive} wants the key and then the code, the key alone earning
 * "partial success". Each test uses a PAM service of its own, never the machine's
 * {@code termhost}.
 */
@ExtendWith(RootRequired.class)
class OneTimeCodeIT {
    /** RFC 6238's test secret, in hex as pam_oath's users file takes it. */
    private static final String SECRET = "3132333435363738393031323334353637383930";

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    private PamServiceFile service;
    private final String password = "Pw-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);

    @AfterEach
    void removeService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    /** Starts the daemon on a service of {@code stack} lines, {@code USERS} standing for the oath users file. */
    private PasswordClients start(String methods, String... stack) throws Exception {
        PasswordClients.assumeInstalled("oathtool", "oathtool");
        assumeTrue(Shell.run(List.of("sh", "-c", "ls /lib/*/security/pam_oath.so /usr/lib/*/security/pam_oath.so"))
                .out().contains("pam_oath.so"), "pam_oath is not installed (scripts/install-deps --test installs libpam-oath)");
        Path users = tmp.resolve("users.oath");
        List<String> lines = new ArrayList<>();
        for (String l : stack) {
            lines.add(l.replace("USERS", users.toString()));
        }
        service = PamServiceFile.write(lines.toArray(String[]::new));
        env.start(service.setting(), "auth.methods=" + methods, "ssh.ciphers=aes128-gcm@openssh.com,aes128-ctr");
        Files.writeString(users, "HOTP/T30 " + env.alice().name() + " - " + SECRET + "\n");
        Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        env.alice().setPassword(password);
        return new PasswordClients(env.host(), tmp);
    }

    private static final String[] PASSWORD_THEN_CODE = {"auth required pam_unix.so",
        "auth required pam_oath.so usersfile=USERS window=20 digits=6", "@include common-account"};

    @Test
    void keyboardInteractiveAsksThePasswordThenTheCode() throws Exception {
        PasswordClients clients = start("keyboard-interactive", PASSWORD_THEN_CODE);
        Shell.Result r = clients.paramiko(env.alice().name(), "interactive", "id -un", password, code());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(env.alice().name());
        // one round per prompt: the password's, then the code's
        assertThat(r.err().lines().filter(l -> l.startsWith("PROMPT ")).toList())
                .containsExactly("PROMPT Password: ", "PROMPT One-time password (OATH) for `" + env.alice().name() + "': ");
    }

    @Test
    void aWrongCodeIsRefusedAndAudited() throws Exception {
        PasswordClients clients = start("keyboard-interactive", PASSWORD_THEN_CODE);
        Shell.Result r = clients.paramiko(env.alice().name(), "interactive", "id -un", password, wrongCode());
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(refusal().detail()).isEqualTo("keyboard-interactive: refused by PAM (pam_authenticate: Authentication failure)");
        assertThat(SessionList.of(env.host()).sessions()).isEmpty();
    }

    @Test
    void thePasswordMethodCannotAnswerTheCodesPrompt() throws Exception {
        PasswordClients clients = start("keyboard-interactive password", PASSWORD_THEN_CODE);
        Shell.Result r = clients.openssh(env.alice().name(), password, "id -un");
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(refusal().detail()).startsWith("password: refused by PAM (pam_authenticate: ");
    }

    @Test
    void theKeyThenTheCode() throws Exception {
        PasswordClients clients = start("publickey,keyboard-interactive",
                "auth required pam_oath.so usersfile=USERS window=20 digits=6", "@include common-account");
        SshClient ssh = env.ssh();

        // the key alone: accepted as a first step, then nothing can answer the code (BatchMode)
        Shell.Result keyOnly = Shell.run(ssh.commandLine(List.of("-v"), "id -un"), Map.of(), null, Duration.ofSeconds(60));
        assertThat(keyOnly.exit()).isEqualTo(255);
        assertThat(keyOnly.err()).contains("Authenticated using \"publickey\" with partial success")
                .contains("Authentications that can continue: keyboard-interactive");

        // the code alone: keyboard-interactive is not offered before the key
        List<String> codeOnly = new ArrayList<>(List.of("sshpass", "-p", code(), "ssh"));
        codeOnly.addAll(clients.sshOptions("keyboard-interactive"));
        codeOnly.addAll(List.of(env.alice().name() + "@127.0.0.1", "id -un"));
        Shell.Result refused = Shell.run(codeOnly, Map.of(), null, Duration.ofSeconds(60));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("Permission denied (publickey)");

        // the key, then the code: sshpass answers the code's prompt ("One-time password ...")
        List<String> both = new ArrayList<>(List.of("sshpass", "-p", code(), "ssh"));
        List<String> options = ssh.options();
        options.set(options.indexOf("BatchMode=yes"), "BatchMode=no");
        both.addAll(options);
        both.addAll(List.of("-o", "PreferredAuthentications=publickey,keyboard-interactive",
                env.alice().name() + "@127.0.0.1", "id -un"));
        Shell.Result loggedOn = Shell.run(both, Map.of(), null, Duration.ofSeconds(60));
        assertThat(loggedOn.exit()).as(loggedOn.err()).isZero();
        assertThat(loggedOn.out().strip()).isEqualTo(env.alice().name());
    }

    private AuditTrail.Row refusal() {
        return await().atMost(Duration.ofSeconds(15)).until(() -> AuditTrail.read(env.host().database()).stream()
                .filter(a -> a.type().equals("session.logon-refused")).toList(), rows -> !rows.isEmpty()).get(0);
    }

    private static String code() {
        return Shell.run(List.of("oathtool", "--totp", SECRET)).requireSuccess("oathtool").out().strip();
    }

    /** A code pam_oath's window (20 steps each way) cannot hold: none of the 41 around now. */
    private static String wrongCode() {
        Set<String> near = Set.copyOf(Shell.run(List.of("oathtool", "--totp", "-w", "40", "-N", "now - 600 seconds",
                SECRET)).requireSuccess("oathtool").out().lines().toList());
        for (int i = 0; ; i++) {
            String c = String.format("%06d", i * 111111 % 1000000);
            if (!near.contains(c)) {
                return c;
            }
        }
    }
}
