package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: the page's examples as written — {@code logoff}, {@code logoff 12} (a real session 12),
 * and {@code ssh -p PORT host logoff 12} with the plain OpenSSH client. The third,
 * {@code logoff TERM04 /server:Server1}, is in {@link LogoffRemoteIT}.
 */
@ExtendWith(RootRequired.class)
class LogoffExamplesIT {
    @TempDir
    Path tmp;

    @Test
    void logoffTwelveAndLogoffTwelveOverSsh() throws Exception {
        List<HeldSession> held = new ArrayList<>();
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                TestUser filler = TestUser.create(tmp)) {
            try {
                while (held.size() < 10) {
                    held.add(HeldSession.open(host, filler));
                }
                try (LiveSession twelve = LiveSession.logon(host, alice, tmp.resolve("t12"))) {
                    assertThat(twelve.id()).isEqualTo(12);

                    Shell.Result r = host.commandAs(alice, Map.of(), "logoff", "12");

                    assertThat(r.exit()).as(r.err()).isZero();
                    assertThat(SessionList.of(host).byId(12)).isEmpty();
                    await().atMost(Duration.ofSeconds(20)).until(twelve.terminal()::clientExited);
                }
                try (LiveSession twelve = LiveSession.logon(host, alice, tmp.resolve("t12b"))) {
                    assertThat(twelve.id()).as("12 was free again").isEqualTo(12);

                    Shell.Result r = Shell.run(sshCommand(host, alice, "logoff 12"), Map.of(), null,
                            Duration.ofSeconds(60));

                    assertThat(r.exit()).as(r.err()).isZero();
                    assertThat(SessionList.of(host).byId(12)).isEmpty();
                }
                assertThat(SessionList.of(host).sessions()).as("the other sessions are untouched").hasSize(10);
            } finally {
                held.forEach(HeldSession::close);
            }
        }
    }

    @Test
    void logoffAloneInASession() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t"))) {
            s.terminal().typeLine("logoff");

            await().atMost(Duration.ofSeconds(30)).until(s.terminal()::clientExited);
            // the client is let go before the processes are ended: the session shows Down until then
            await().atMost(Duration.ofSeconds(20)).until(() -> SessionList.of(host).byId(s.id()).isEmpty());
        }
    }

    /** Exactly {@code ssh -p PORT user@host logoff 12}: the user's own key, the host key accepted once. */
    private static List<String> sshCommand(TermhostProcess host, TestUser user, String command) {
        return List.of("ssh", "-p", Integer.toString(host.port()), "-i", user.key().toString(),
                "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + user.key() + ".known_hosts",
                "-o", "BatchMode=yes", user.name() + "@127.0.0.1", command);
    }
}
