package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.Nologin;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
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
