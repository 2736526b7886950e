package termhost.daemon.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.os.NativeHelpers;
import termhost.daemon.os.Posix;
import termhost.daemon.os.UnixSockets;

/**
 * The real {@code termhost-net}, run as whoever runs the test: {@code listen-unix} binds the agent
 * socket of a session, mode 0600 whatever the umask, and hands it over; the daemon accepts on it
 * and learns each peer's credentials (what it checks before it lets a peer reach an agent).
 * {@code bind-unix} and {@code connect-unix} are {@code ssh -R} and {@code -L} of a socket path.
 */
class NetHelperTest {
    @TempDir
    Path tmp;

    private NetHelper helper() throws Exception {
        Path program = NativeHelpers.located().find("termhost-net").orElseThrow();
        return NetHelper.start(List.of(program.toString()), tmp.toString());
    }

    @Test
    void listenUnixHandsOverAListenerOfMode0600WhosePeersAreKnown() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (NetHelper h = helper()) {
            NetHelper.Opened listener = h.listenUnix(socket.toString()).get(20, TimeUnit.SECONDS);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                        .isEqualTo("rw-------");
                int accepted = UnixSockets.accept(listener.fd()); // blocking: the client is already queued
                try {
                    UnixSockets.Peer peer = UnixSockets.peer(accepted);
                    assertThat(peer.pid()).isEqualTo((int) ProcessHandle.current().pid());
                    assertThat(peer.uid()).isEqualTo(Posix.getuid());
                    assertThat(peer.gid()).isEqualTo(Posix.getgid());
                } finally {
                    Posix.close(accepted);
                }
            } finally {
                Posix.close(listener.fd());
            }
        }
    }

    @Test
    void aPathTheHelperCannotBindIsRefusedWithItsErrno() throws Exception {
        try (NetHelper h = helper()) {
            assertThatThrownBy(() -> h.listenUnix(tmp.resolve("no-such-dir/agent.sock").toString())
                    .get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(NetHelper.Refused.class, r -> assertThat(r.errno()).isEqualTo(2));
        }
    }

    @Test
    void bindUnixListensAtAFreePathOnlyAndConnectUnixReachesIt() throws Exception {
        Path socket = tmp.resolve("forward.sock");
        try (NetHelper h = helper()) {
            NetHelper.Opened listener = h.bindUnix(socket.toString()).get(20, TimeUnit.SECONDS);
            try {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
                // a second bind over it fails, as sshd's under StreamLocalBindUnlink no; listen-unix replaces
                assertThatThrownBy(() -> h.bindUnix(socket.toString()).get(20, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(NetHelper.Refused.class, r -> assertThat(r.errno()).isEqualTo(98));
                NetHelper.Opened connected = h.connectUnix(socket.toString()).get(20, TimeUnit.SECONDS);
                int accepted = UnixSockets.accept(listener.fd());
                try {
                    assertThat(UnixSockets.peer(accepted).pid()).as("the helper's child connected")
                            .isNotEqualTo((int) ProcessHandle.current().pid());
                } finally {
                    Posix.close(accepted);
                    Posix.close(connected.fd());
                }
            } finally {
                Posix.close(listener.fd());
            }
            assertThat(socket).as("left in place, as sshd leaves it").exists();
            assertThatThrownBy(() -> h.connectUnix(socket.toString()).get(20, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(NetHelper.Refused.class, r -> assertThat(r.errno()).isEqualTo(111));
        }
    }

    @Test
    void aRelativeOrOverlongPathIsNeverSent() throws Exception {
        try (NetHelper h = helper()) {
            for (String bad : List.of("agent.sock", "/" + "x".repeat(107), "/with space/agent.sock")) {
                for (var request : List.<java.util.function.Function<String, java.util.concurrent.Future<?>>>of(
                        h::listenUnix, h::bindUnix, h::connectUnix)) {
                    assertThatThrownBy(() -> request.apply(bad).get(20, TimeUnit.SECONDS)).as(bad).cause()
                            .isInstanceOfSatisfying(NetHelper.Refused.class, r -> assertThat(r.errno()).isEqualTo(22));
                }
            }
        }
    }
}
