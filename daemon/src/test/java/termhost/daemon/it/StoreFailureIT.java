package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 3: the store's disk is full (a small tmpfs as the state dir, filled up; root ignores
 * file modes, and a read-only remount is refused while the database is open for writing). The
 * daemon refuses new logons with a clear error on the client rather than running sessions it cannot
 * record, loses no audit row already written, and takes logons again once there is space.
 */
@ExtendWith(RootRequired.class)
class StoreFailureIT {
    @TempDir
    Path tmp;

    @Test
    void aReadOnlyStoreRefusesLogonsLosesNoRecordAndRecovers() throws Exception {
        Path stateDir = tmp.resolve("state");
        Path store = stateDir.resolve("state"); // where termhost.db and its -wal/-shm live
        Files.createDirectories(store);
        mount("-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", store.toString());
        try (TermhostProcess host = TermhostProcess.start(stateDir);
                TestUser alice = TestUser.create(tmp)) {
            SshClient ssh = new SshClient(host, alice);
            assertThat(ssh.exec("echo BEFORE").out()).contains("BEFORE");
            await().atMost(Duration.ofSeconds(20)).until(() -> AuditTrail.of(host.database(), "session.logoff",
                    alice.name()).size() == 1);
            List<AuditTrail.Row> before = AuditTrail.read(host.database());

            Path fill = store.resolve("fill");
            // dd ends with "No space left on device", which is the point
            Shell.run(List.of("dd", "if=/dev/zero", "of=" + fill, "bs=64k"));
            try {
                Shell.Result refused = ssh.exec("echo SHOULD-NOT-RUN");
                System.out.println("StoreFailureIT: disk full, the client saw: " + refused.err().strip());
                assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
                assertThat(refused.out()).doesNotContain("SHOULD-NOT-RUN");
                assertThat(refused.err()).as("the client is told why").contains("cannot store").containsIgnoringCase("full");
                assertThat(ControlClient.sessions(host)).as("no session runs unrecorded")
                        .allMatch(r -> List.of("0", "1", "65536").contains(r.get("id")));
            } finally {
                Files.deleteIfExists(fill);
            }
            assertThat(AuditTrail.read(host.database())).as("records written before the disk filled").startsWith(
                    before.toArray(AuditTrail.Row[]::new));

            // space again: logons work and are recorded
            assertThat(ssh.exec("echo AFTER").out()).contains("AFTER");
            await().atMost(Duration.ofSeconds(20)).until(() -> AuditTrail.of(host.database(), "session.logoff",
                    alice.name()).size() == 2);
            assertThat(AuditTrail.of(host.database(), "session.logon", alice.name())).hasSize(2);
        } finally {
            Shell.run(List.of("umount", "-l", store.toString()));
        }
    }

    private static void mount(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("mount"));
        cmd.addAll(List.of(args));
        Shell.run(cmd).requireSuccess(String.join(" ", cmd));
    }
}
