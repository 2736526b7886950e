package termhost.daemon.it;

import java.io.IOException;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Python's http.server on a loopback address or a Unix socket, serving one file: a target for forwards. It runs as
 * root (the test's user), so only the forwarded side of a connection is the test user's. Stopped
 * by its PID.
 */
final class HttpServer implements AutoCloseable {
    static final String FILE = "page.txt";

    private final Process process;
    private final int port;

    private HttpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves {@code content} as {@link #FILE} from {@code dir} on {@code address}, a free port. */
    static HttpServer start(Path dir, String address, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), content);
        int port = Forward.freePort();
        Process p = new ProcessBuilder(List.of(python(), "-m", "http.server", Integer.toString(port), "--bind", address,
                "--directory", dir.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return ready(new HttpServer(p, port), () -> {
            try (Socket s = new Socket(address, port)) {
                return true;
            }
        });
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private interface Probe {
        boolean connects() throws IOException;
    }

    /** {@code server} once {@code probe} connects; stopped if it never does. */
    private static HttpServer ready(HttpServer server, Probe probe) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    return probe.connects();
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Serves {@code content} as {@link #FILE} from {@code dir} on a Unix socket at {@code socket},
     * mode 0666 (its directory's permissions decide who reaches it); {@link #port} is 0.
     */
    static HttpServer startOnSocket(Path dir, Path socket, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), content);
        String server = String.join("\n", "import functools, http.server, os, socketserver, sys",
                "class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer): daemon_threads = True",
                "class Handler(http.server.SimpleHTTPRequestHandler):",
                "    def address_string(self): return 'unix'", // a Unix peer has no address to log
                "s = Server(sys.argv[1], functools.partial(Handler, directory=sys.argv[2]))",
                "os.chmod(sys.argv[1], 0o666)", "s.serve_forever()");
        Process p = new ProcessBuilder(List.of(python(), "-c", server, socket.toString(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return ready(new HttpServer(p, 0), () -> {
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return true;
            }
        });
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        Pids.stop(process);
    }
}
