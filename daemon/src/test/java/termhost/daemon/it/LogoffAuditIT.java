package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 4: every logoff and every refused one is a row of the audit log, written before the
 * command reports, with who asked, from where, which session and owner, how many processes, which
 * signals were needed, how long it took and the result; {@code termhost audit} shows them.
 */
// its administrator is a member of termhost-admins
@ResourceLock(HostWithUsers.ADMIN_GROUP)
@ExtendWith(RootRequired.class)
class LogoffAuditIT {
    @TempDir
    Path tmp;

    @Test
    void aLogoffRowHasActorSourceSessionOwnerProcessesSignalsAndTime() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            Shell.Result r = host.command("logoff", s.idText());
            assertThat(r.exit()).as(r.err()).isZero();

            // read at once: the row must exist when the command has reported success
            assertThat(AuditRows.of(host, "session.logoff", s.id())).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo("success");
                assertThat(a.actor()).isEqualTo("root");
                assertThat(a.source()).isNotBlank();
                assertThat(a.owner()).isEqualTo(alice.name());
                assertThat(a.detail()).contains("logged off by root")
                        .containsPattern("processes=[1-9]\\d*, signals=HUP\\+TERM(\\+KILL)?, took=\\d+ms");
            });
            assertThat(AuditRows.of(host, "session.logon", s.id())).hasSize(1);
        }
    }

    @Test
    void aLogoffOverSshRecordsTheUserAndTheirAddress() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            Shell.Result r = new SshClient(host, alice).exec("logoff " + s.id());
            assertThat(r.exit()).as(r.err()).isZero();

            assertThat(AuditRows.of(host, "session.logoff", s.id())).singleElement().satisfies(a -> {
                assertThat(a.actor()).isEqualTo(alice.name());
                assertThat(a.source()).startsWith("ssh 127.0.0.1");
                assertThat(a.owner()).isEqualTo(alice.name());
            });
        }
    }

    @Test
    void everyRefusedLogoffIsARowNamingWhoWasRefusedAndWhy() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                TestUser bob = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            assertThat(host.commandAs(bob, Map.of(), "logoff", s.idText()).exit()).isEqualTo(1);
            assertThat(host.commandAs(bob, Map.of(), "logoff", "console").exit()).isEqualTo(1);

            assertThat(AuditRows.of(host, "access.denied", s.id())).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo("denied");
                assertThat(a.actor()).isEqualTo(bob.name());
                assertThat(a.owner()).isEqualTo(alice.name());
                assertThat(a.source()).isNotBlank();
                assertThat(a.detail()).startsWith("logoff:");
            });
            assertThat(AuditRows.of(host, "access.denied", 1)).singleElement().satisfies(a -> {
                assertThat(a.actor()).isEqualTo(bob.name());
                assertThat(a.detail()).contains("console");
            });
            assertThat(AuditRows.of(host, "session.logoff", s.id())).isEmpty();
        }
    }

    @Test
    void onlyAdministratorsReadTheAuditLog() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"));
                TestUser bob = TestUser.create(tmp);
                TestUser admin = TestUser.create(tmp, "termhost-admins")) {
            Shell.Result denied = host.commandAs(bob, Map.of(), "audit");
            Shell.Result allowed = host.commandAs(admin, Map.of(), "audit");

            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err()).contains("Error [5]:Access is denied.");
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            assertThat(allowed.out()).contains("access.denied").contains("actor=" + bob.name());
        }
    }
}
