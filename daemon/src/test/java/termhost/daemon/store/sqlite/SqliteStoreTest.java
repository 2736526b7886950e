package termhost.daemon.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.PermissionStore;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreComplianceTest;

/** The embedded store passes the suite every store must pass, and upgrades what older versions wrote. */
class SqliteStoreTest extends StoreComplianceTest {
    @Override
    protected Store open(Path dir) {
        return SqliteStore.open(dir.resolve("termhost.db"));
    }

    /**
     * A store written before User Access carried Virtual Channels (schema 3): the grants holding
     * the whole old preset (417) get the right, so users keep file transfer and forwarding; a deny,
     * Guest Access and a grant of part of the preset stay as they were.
     */
    @Test
    void migrationFourGivesVirtualChannelsToTheGrantsOfTheOldUserAccessOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.db");
        SqliteStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // back to schema 3 as that version left it: the old default, and what admins added
            s.execute("DELETE FROM schema_version WHERE version >= 4");
            s.execute("UPDATE permissions SET rights = 417 WHERE principal_kind = 'everyone'");
            s.execute("INSERT INTO permissions VALUES ('group', 'staff', 'grant', 481)"); // UserAccess,Logoff
            s.execute("INSERT INTO permissions VALUES ('group', 'grp', 'deny', 417)");
            s.execute("INSERT INTO permissions VALUES ('user', 'guest', 'grant', 32)"); // GuestAccess
            s.execute("INSERT INTO permissions VALUES ('user', 'bob', 'grant', 161)"); // Logon,Query,Message
        }
        try (Store store = SqliteStore.open(file)) {
            assertThat(store.permissions().all()).containsExactlyInAnyOrder(
                    new PermissionStore.Row("everyone", "*", false, 425),
                    new PermissionStore.Row("group", "termhost-admins", false, 1023),
                    new PermissionStore.Row("group", "staff", false, 489),
                    new PermissionStore.Row("group", "grp", true, 417),
                    new PermissionStore.Row("user", "guest", false, 32),
                    new PermissionStore.Row("user", "bob", false, 161));
        }
    }
}
