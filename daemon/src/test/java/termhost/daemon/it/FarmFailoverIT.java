package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.postgresql.PostgresCluster;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * Issue 15, item 1: {@code farm.url} may list several PostgreSQL servers for failover. A primary
 * and its streaming standby (a real replica, {@code pg_basebackup -R}), the farm's URL naming both
 * with {@code targetServerType=primary}, as an administrator would write it. The primary stops,
 * the standby is promoted, as in a failover: the host goes on publishing to the new primary, with
 * no setting changed and no restart.
 */
@ExtendWith(RootRequired.class)
class FarmFailoverIT {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @TempDir
    Path tmp;

    @Test
    void whenThePrimaryFailsAndItsStandbyIsPromotedTheFarmGoesOnOnTheNewPrimary() throws Exception {
        try (PostgresCluster primary = PostgresCluster.start()) {
            TestDatabase onPrimary = primary.createDatabase("farm_failover");
            try (PostgresCluster standby = primary.standby();
                    FarmHosts farm = new FarmHosts(tmp, onPrimary.withFailoverTo(standby.port()), LEASE, HEARTBEAT)) {
                TestDatabase either = onPrimary.withFailoverTo(standby.port());
                TermhostProcess a = farm.host("host-a", 2);
                TestUser alice = farm.user();
                TestUser bob = farm.user();
                HeldSession before = farm.session(a, alice);
                await().atMost(Duration.ofSeconds(20)).until(() -> directory(either)
                        .contains("host-a:" + before.id() + ":" + alice.name()));

                primary.stop();
                standby.promote();

                HeldSession after = farm.session(a, bob);
                // the host retries with a backoff of up to 30 s while no server takes writes, and pgjdbc
                // keeps what it learnt of each server for 10 s (hostRecheckSeconds): under a loaded
                // machine's slow promotion that adds up to a minute
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(directory(either))
                        .containsExactly("host-a:" + before.id() + ":" + alice.name(),
                                "host-a:" + after.id() + ":" + bob.name()));
                assertThat(before.gone()).as("the session ran on through the failover").isFalse();
                assertThat(either.one("SELECT pg_is_in_recovery()")).as("read on the promoted standby")
                        .isEqualTo("f");
                assertThat(either.one("SELECT state FROM farm_hosts WHERE host_id = 'host-a'")).isEqualTo("up");
                // bob's logon, made after the failover, is in the new primary's copy of the audit
                await().atMost(Duration.ofSeconds(20)).until(() -> Integer.parseInt(either.one(
                        "SELECT count(*) FROM farm_audit WHERE type = 'session.logon' AND host_id = 'host-a'")) == 2);
                Shell.Result all = a.command("query", "session", "/server:farm").requireSuccess("query /server:farm");
                assertThat(all.out()).contains(alice.name()).contains(bob.name());
            }
        }
    }

    /** Every listed session as {@code host:id:owner}. */
    private static List<String> directory(TestDatabase db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT host_id, session_id, owner_name FROM farm_sessions ORDER BY 1, 2")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }
}
