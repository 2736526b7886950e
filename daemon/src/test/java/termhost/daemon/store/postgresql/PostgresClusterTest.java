package termhost.daemon.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test harness itself: a private cluster serves, and leaves no server and no file behind. */
class PostgresClusterTest {
    @TempDir
    Path tmp;

    @Test
    void aPrivateClusterServesThenLeavesNothingBehind() throws Exception {
        Path dir;
        int port;
        try (PostgresCluster c = PostgresCluster.start()) {
            dir = c.dir();
            port = c.port();
            TestDatabase db = c.createDatabase("harness");
            try (Connection conn = db.connect(); Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), "
                            + "current_setting('password_encryption')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(2)).isEqualTo("scram-sha-256");
            }
        }

        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void withoutPostgresqlInstalledTheStartFailsSayingWhatToDo() throws Exception {
        Files.createDirectories(tmp.resolve("15"));

        assertThatThrownBy(() -> PostgresCluster.binaries(tmp)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL is not installed").hasMessageContaining("install-deps --test")
                .hasMessageContaining("TERMHOST_TEST_PG_URL");
    }
}
