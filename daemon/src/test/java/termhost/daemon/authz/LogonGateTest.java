package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.Nologin;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.os.Pam;
import termhost.daemon.os.PamMessage;
import termhost.daemon.store.Store;
import termhost.daemon.store.sqlite.SqliteStore;

/** The gate's second step, after the key is proven: a nologin file turns away everyone but uid 0. */
class LogonGateTest {
    @TempDir
    Path tmp;

    private Store db;
    private Path nologinFile;
    private LogonGate gate;
    private OsUser nobody;

    @BeforeEach
    void open() throws Exception {
        db = SqliteStore.open(tmp.resolve("t.db"));
        OsUsers users = new OsUsers(Clock.systemUTC());
        nologinFile = tmp.resolve("nologin");
        gate = new LogonGate(users, new AccessPolicy(users, db.permissions()), new Nologin(List.of(nologinFile)),
                new PamLogons(null, "termhost", Duration.ofSeconds(5)), db.audit(), Clock.systemUTC(), null);
        nobody = users.byName("nobody").orElseThrow();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void withoutNologinAProvenUserGoesOn() {
        assertThat(gate.admitProven(nobody)).isEqualTo(new LogonGate.Admitted(nobody));
    }

    @Test
    void nologinRefusesOthersWithItsTextAndNamesItself() throws Exception {
        Files.writeString(nologinFile, "Maintenance until 14:00.\n");

        assertThat(gate.admitProven(nobody)).isEqualTo(
                new LogonGate.Refused("logons are refused by " + nologinFile, "Maintenance until 14:00.\n", true));
    }

    @Test
    void nologinLetsUidZeroInWhateverItsName() throws Exception {
        Files.writeString(nologinFile, "Maintenance until 14:00.\n");
        OsUser root = new OsUser("root", 0, 0, "/root", "/bin/bash");
        OsUser alias = new OsUser("toor", 0, 0, "/root", "/bin/sh");

        assertThat(gate.admitProven(root)).isEqualTo(new LogonGate.Admitted(root));
        assertThat(gate.admitProven(alias)).isEqualTo(new LogonGate.Admitted(alias));
    }

    /** A gate whose PAM answers every transaction with {@code outcome} and {@code text}. */
    private LogonGate gateWithPam(Pam.Outcome outcome, String text) {
        OsUsers users = new OsUsers(Clock.systemUTC());
        Pam pam = (request, conv) -> {
            conv.converse(List.of(new PamMessage(PamMessage.Style.ERROR, text)));
            return outcome;
        };
        return new LogonGate(users, new AccessPolicy(users, db.permissions()), new Nologin(List.of(nologinFile)),
                new PamLogons(pam, "termhost", Duration.ofSeconds(5)), db.audit(), Clock.systemUTC(), null);
    }

    @Test
    void aProvenKeyIsRefusedByPamsAccountStackWithItsText() throws Exception {
        LogonGate g = gateWithPam(new Pam.Outcome(Pam.PERM_DENIED, "pam_acct_mgmt", "Permission denied"), "Not from here");
        assertThat(g.admitProvenKey(nobody, "127.0.0.1").get(30, TimeUnit.SECONDS)).isEqualTo(new LogonGate.Refused(
                "refused by PAM's account stack (pam_acct_mgmt: Permission denied)", "Not from here\n", true));
    }

    @Test
    void aPasswordToChangeDoesNotStopAKeyButStopsAPassword() throws Exception {
        Pam.Outcome change = new Pam.Outcome(Pam.NEW_AUTHTOK_REQD, "pam_acct_mgmt", "Authentication token is no longer valid; new one required");
        LogonGate g = gateWithPam(change, "You are required to change your password immediately");
        assertThat(g.admitProvenKey(nobody, "127.0.0.1").get(30, TimeUnit.SECONDS))
                .isEqualTo(new LogonGate.Admitted(nobody, "You are required to change your password immediately\n"));
        LogonGate.Verdict byPassword = g.admitAuthenticated(new LogonGate.Admitted(nobody),
                new PamDialogue.Finished(change, "You are required to change your password immediately\n"));
        assertThat(byPassword).isInstanceOf(LogonGate.Refused.class);
        assertThat(((LogonGate.Refused) byPassword).notice()).contains("Your password has expired");
    }

    @Test
    void aFailedPasswordIsAGuessAndARefusedNameStaysRefusedWhateverPamSaid() {
        LogonGate g = gateWithPam(new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success"), "");
        assertThat(g.admitAuthenticated(new LogonGate.Admitted(nobody), new PamDialogue.Finished(
                new Pam.Outcome(Pam.AUTH_ERR, "pam_authenticate", "Authentication failure"), ""))).isEqualTo(
                new LogonGate.Refused("refused by PAM (pam_authenticate: Authentication failure)", null, false));
        LogonGate.Refused unknown = new LogonGate.Refused("no such user");
        assertThat(g.admitAuthenticated(unknown, new PamDialogue.Finished(
                new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success"), ""))).isSameAs(unknown);
    }

    @Test
    void rootLogsOnByKeyOnly() {
        assertThat(gate.admitByPassword("root")).isEqualTo(new LogonGate.Refused("root logs on by key only"));
        assertThat(gate.admitByPassword("nobody")).isEqualTo(new LogonGate.Admitted(nobody));
    }

    @Test
    void aRefusalIsAuditedWithItsReason() {
        gate.refused("nobody", "127.0.0.1:40000", "logons are refused by /etc/nologin");

        List<AuditEvent> rows = db.audit().recent(10);
        assertThat(rows).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditType.LOGON_REFUSED);
            assertThat(e.actor()).isEqualTo("nobody");
            assertThat(e.source()).isEqualTo("ssh 127.0.0.1:40000");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.detail()).isEqualTo("logons are refused by /etc/nologin");
        });
    }
}
