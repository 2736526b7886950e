package termhost.daemon.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Python's http.server on a loopback address, serving one file: a target for forwards. It runs as
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
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(List.of(python, "-m", "http.server", Integer.toString(port), "--bind", address,
                "--directory", dir.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpServer server = new HttpServer(p, port);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket s = new Socket(address, port)) {
                    return true;
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

    int port() {
        return port;
    }

    @Override
    public void close() {
        Pids.stop(process);
    }
}
