package termhost.daemon.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;
import termhost.daemon.os.Posix;

class ControlSocketServerTest {
    @TempDir
    Path dir;

    private ControlSocketServer server;

    /** Answers any request with one event and a result echoing the request's fields. */
    private static final ControlHandler ECHO = (peer, request, replies) -> {
        replies.send(Message.of(Message.EVENT, Map.of("progress", "1")));
        replies.send(Message.of(Message.RESULT, request.fields()));
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path start(ControlHandler handler, int maxConcurrent) throws IOException {
        return start(handler, maxConcurrent, ControlSocketServer.REQUEST_TIMEOUT);
    }

    private Path start(ControlHandler handler, int maxConcurrent, Duration timeout) throws IOException {
        Path socket = dir.resolve("control.sock");
        server = new ControlSocketServer(socket, handler, maxConcurrent, timeout);
        server.start();
        return socket;
    }

    private static Message ping(String value) {
        return Message.of("ping", Map.of("value", value));
    }

    private static void assertEcho(List<Message> replies, String value) {
        assertEquals(2, replies.size(), replies::toString);
        assertEquals(Message.EVENT, replies.get(0).type());
        assertEquals(Message.RESULT, replies.get(1).type());
        assertEquals(value, replies.get(1).field("value"));
    }

    private static void assertError(List<Message> replies, MessageKey key) {
        assertEquals(1, replies.size(), replies::toString);
        assertEquals(Message.ERROR, replies.get(0).type());
        assertEquals(key, error(replies).key(), replies::toString);
    }

    private static ErrorReply error(List<Message> replies) {
        return ErrorReply.fromMessage(replies.get(0));
    }

    @Test
    void handlerSeesKernelCredentialsOfThisProcessAndReplyArrives() throws Exception {
        AtomicReference<PeerCredentials> seen = new AtomicReference<>();
        Path socket = start((peer, request, replies) -> {
            seen.set(peer);
            ECHO.handle(peer, request, replies);
        }, 4);

        assertEcho(ControlTestClient.exchange(socket, ping("hello")), "hello");

        assertEquals(new PeerCredentials((int) ProcessHandle.current().pid(), Posix.getuid(), Posix.getgid()),
                seen.get());
    }

    @Test
    void socketFileIsOpenToAllLocalUsers() throws Exception {
        Path socket = start(ECHO, 1);
        assertEquals(PosixFilePermissions.fromString("rw-rw-rw-"), Files.getPosixFilePermissions(socket));
    }

    @Test
    void garbageGetsAnErrorAndTheServerStillAnswers() throws Exception {
        Path socket = start(ECHO, 2);

        List<Message> replies = ControlTestClient.exchangeRaw(socket,
                "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);

        assertError(replies, MessageKey.ERROR_MALFORMED_REQUEST);
        assertEquals(ErrorCategory.INVALID_ARGUMENT, error(replies).category());
        assertTrue(error(replies).detail().contains("magic"), replies::toString);
        assertEcho(ControlTestClient.exchange(socket, ping("after garbage")), "after garbage");
    }

    @Test
    void truncatedFrameGetsAnErrorAndTheServerStillAnswers() throws Exception {
        Path socket = start(ECHO, 2);
        byte[] frame = frame(ping("truncated"));

        assertError(ControlTestClient.exchangeRaw(socket, Arrays.copyOf(frame, 6), true),
                MessageKey.ERROR_MALFORMED_REQUEST);
        assertError(ControlTestClient.exchangeRaw(socket, Arrays.copyOf(frame, frame.length - 3), true),
                MessageKey.ERROR_MALFORMED_REQUEST);
        assertEcho(ControlTestClient.exchange(socket, ping("after truncation")), "after truncation");
    }

    @Test
    void silentClientTimesOutAndFreesItsWorker() throws Exception {
        Path socket = start(ECHO, 1, Duration.ofMillis(300));

        try (SocketChannel silent = ControlTestClient.connect(socket)) {
            List<Message> replies = ControlTestClient.readAll(silent);
            assertError(replies, MessageKey.ERROR_MALFORMED_REQUEST);
            assertTrue(error(replies).detail().contains("no complete request"), replies::toString);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ControlTestClient.exchange(socket, ping("x")).size() == 2);
    }

    @Test
    void beyondMaxConcurrentTheClientIsToldBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path socket = start((peer, request, replies) -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            ECHO.handle(peer, request, replies);
        }, 1);

        CompletableFuture<List<Message>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return ControlTestClient.exchange(socket, ping("first"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(entered.await(5, TimeUnit.SECONDS));

        List<Message> busy = ControlTestClient.exchange(socket, ping("second"));
        assertError(busy, MessageKey.ERROR_BUSY);
        assertEquals(ErrorCategory.UNAVAILABLE, error(busy).category());

        release.countDown();
        assertEcho(first.get(5, TimeUnit.SECONDS), "first");
    }

    @Test
    void handlerExceptionBecomesAnInternalError() throws Exception {
        Path socket = start((peer, request, replies) -> {
            throw new IllegalStateException("session 3 (bob): store unavailable");
        }, 1);

        List<Message> replies = ControlTestClient.exchange(socket, ping("x"));

        assertError(replies, MessageKey.ERROR_INTERNAL);
        assertEquals("session 3 (bob): store unavailable", error(replies).detail());
        // the command's text shows the detail as its {0}
        assertEquals(List.of("session 3 (bob): store unavailable"), error(replies).args());
    }

    @Test
    void handlerReturningWithoutResultStillEndsTheExchange() throws Exception {
        Path socket = start((peer, request, replies) ->
                replies.send(Message.of(Message.EVENT, Map.of())), 1);

        List<Message> replies = ControlTestClient.exchange(socket, ping("x"));

        assertEquals(List.of(Message.EVENT, Message.ERROR), replies.stream().map(Message::type).toList());
    }

    @Test
    void refusesToStartWhileAnotherServerAnswers() throws Exception {
        // Room for the second server's probe connection and ours, whatever their timing.
        Path socket = start(ECHO, 4);

        ControlSocketServer second = new ControlSocketServer(socket, ECHO, 1);
        IOException e = assertThrows(IOException.class, second::start);
        second.close();

        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
        assertEcho(ControlTestClient.exchange(socket, ping("still mine")), "still mine");
    }

    @Test
    void replacesAStaleSocketFile() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (var stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        } // closing leaves the file behind, like a crashed daemon
        assertTrue(Files.exists(socket));

        start(ECHO, 1);

        assertEcho(ControlTestClient.exchange(socket, ping("fresh")), "fresh");
    }

    @Test
    void refusesToReplaceANonSocketFile() throws Exception {
        Path file = Files.writeString(dir.resolve("control.sock"), "precious");

        ControlSocketServer s = new ControlSocketServer(file, ECHO, 1);
        assertThrows(IOException.class, s::start);
        s.close();

        assertEquals("precious", Files.readString(file));
    }

    @Test
    void refusesTooLongAPathNamingIt() {
        Path socket = dir.resolve("x".repeat(120) + ".sock");
        ControlSocketServer s = new ControlSocketServer(socket, ECHO, 1);

        IOException e = assertThrows(IOException.class, s::start);
        s.close();

        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
        assertFalse(Files.exists(socket));
    }

    @Test
    void closeStopsAcceptingRemovesTheFileAndIsIdempotent() throws Exception {
        Path socket = start(ECHO, 1);

        long t0 = System.nanoTime();
        server.close();
        server.close();

        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(1)) < 0,
                "close should not wait for the accept thread's timeout");
        assertFalse(Files.exists(socket));
        assertThrows(IOException.class, () -> ControlTestClient.connect(socket));
    }

    private static byte[] frame(Message m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireCodec.write(new DataOutputStream(bytes), m);
        return bytes.toByteArray();
    }
}
