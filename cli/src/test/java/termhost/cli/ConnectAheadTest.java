package termhost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.SessionListReply;
import termhost.api.wire.WireCodec;
import termhost.cli.transport.LocalTransport;
import termhost.cli.transport.Transport;

/** The connection a command line that asks the daemon opens ahead, and the lines that open none. */
class ConnectAheadTest {
    @Test
    void onlyLinesThatAskThisHostsDaemonConnectAhead() {
        assertThat(Main.asksTheDaemon(List.of("logoff", "2"))).isTrue();
        assertThat(Main.asksTheDaemon(List.of("termhost", "query", "session"))).isTrue();
        assertThat(Main.asksTheDaemon(List.of("termhost", "audit"))).isTrue();
        for (List<String> line : List.of(List.<String>of(), List.of("termhost"), List.of("--help"),
                List.of("termhost", "help", "logoff"), List.of("logoff", "2", "/?"), List.of("quser", "-h"),
                List.of("termhost", "--version"), List.of("logoff", "2", "/SERVER:other"))) {
            assertThat(Main.asksTheDaemon(line)).as(line.toString()).isFalse();
        }
    }

    @Test
    @Timeout(30) // without a connection made ahead, accept() would wait for ever
    void theCallTakesTheConnectionMadeAhead(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("control.sock");
        SessionListReply reply = new SessionListReply(Instant.EPOCH, List.of());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            LocalTransport transport = new LocalTransport(socket);
            transport.connectAhead();
            try (SocketChannel accepted = server.accept()) {
                Files.delete(socket); // no connection can be made after this one
                Thread daemon = new Thread(() -> {
                    try {
                        WireCodec.read(new DataInputStream(Channels.newInputStream(accepted)));
                        DataOutputStream out = new DataOutputStream(Channels.newOutputStream(accepted));
                        WireCodec.write(out, reply.toMessage());
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                daemon.start();
                assertThat(transport.call(new QuerySessionRequest(null), Transport.NO_PROGRESS)).isEqualTo(reply);
                daemon.join();
            }
        }
    }

    @Test
    void aConnectionThatFailedAheadFailsTheCallAsWithoutIt(@TempDir Path dir) {
        LocalTransport transport = new LocalTransport(dir.resolve("none.sock"));
        transport.connectAhead();
        assertThatThrownBy(() -> transport.call(new QuerySessionRequest(null), Transport.NO_PROGRESS))
                .isInstanceOfSatisfying(TermhostException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_DAEMON_UNREACHABLE);
                    assertThat(e.getMessage()).contains("none.sock");
                });
    }
}
