package termhost.cli.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands' socket calls in C, against a JDK socket as the daemon's end. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a read blocked in C ignores interrupts
class NativeSocketTest {
    @Test
    void theBuildsLibraryIsTheOneTheTestsUse() {
        // the pom names it; without it every test below would pass on nothing
        assertThat(NativeSocket.available()).as(System.getProperty(NativeSocket.PROPERTY)).isTrue();
    }

    @Test
    void bytesCrossBothWaysWholeWhateverTheirSize(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("control.sock");
        byte[] request = new byte[200_000];
        new Random(1).nextBytes(request);
        try (ServerSocketChannel server = listen(path)) {
            Thread echo = new Thread(() -> {
                try (SocketChannel peer = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(request.length);
                    while (buf.hasRemaining() && peer.read(buf) >= 0) {
                        // read the whole request before answering: a write larger than the socket's
                        // buffer must be finished by the client's loop
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        peer.write(buf);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            echo.start();
            try (NativeSocket.Connection c = NativeSocket.connect(path)) {
                c.out().write(request, 0, request.length);
                byte[] back = c.in().readAllBytes(); // to the end: the peer closed
                assertThat(back).isEqualTo(request);
                assertThat(c.in().read()).isEqualTo(-1);
            }
            echo.join();
        }
    }

    @Test
    void aSocketNobodyMadeIsNamedByItsError(@TempDir Path dir) {
        assertThatThrownBy(() -> NativeSocket.connect(dir.resolve("none.sock")))
                .isInstanceOf(IOException.class).hasMessage("connect: No such file or directory");
    }

    @Test
    void aSocketNobodyListensOnRefuses(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("gone.sock");
        listen(path).close(); // the file stays, the listener is gone
        assertThatThrownBy(() -> NativeSocket.connect(path))
                .isInstanceOf(IOException.class).hasMessage("connect: Connection refused");
    }

    @Test
    void aPathTooLongForASocketIsRefusedBeforeAnyCall(@TempDir Path dir) {
        assertThatThrownBy(() -> NativeSocket.connect(dir.resolve("x".repeat(120))))
                .isInstanceOf(IOException.class).hasMessage("connect: File name too long");
    }

    @Test
    void closingTwiceClosesOnce(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("control.sock");
        try (ServerSocketChannel server = listen(path)) {
            NativeSocket.Connection c = NativeSocket.connect(path);
            try (SocketChannel peer = server.accept()) {
                c.close();
                c.close();
                assertThat(peer.read(ByteBuffer.allocate(1))).isEqualTo(-1);
                InputStream in = c.in();
                assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("socket closed");
            }
        }
    }

    private static ServerSocketChannel listen(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return server;
    }
}
