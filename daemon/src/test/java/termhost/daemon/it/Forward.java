package termhost.daemon.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** {@code ssh -N} with forwarding flags, left running while the test uses the forwards; closed by PID. */
final class Forward implements AutoCloseable {
    private final Process process;

    private Forward(Process process) {
        this.process = process;
    }

    /** {@code ssh -N FLAGS host} as the env's first user. */
    static Forward start(HostWithUsers env, String... flags) throws IOException {
        return new Forward(new ProcessBuilder(commandLine(env, flags)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** {@code ssh -N FLAGS host} run to its end: a forward refused ends it (ExitOnForwardFailure). */
    static Shell.Result refused(HostWithUsers env, String... flags) {
        return Shell.run(commandLine(env, flags), Map.of(), null, Duration.ofSeconds(60));
    }

    private static List<String> commandLine(HostWithUsers env, String... flags) {
        List<String> args = new ArrayList<>(List.of("-N", "-o", "ExitOnForwardFailure=yes"));
        args.addAll(Arrays.asList(flags));
        List<String> cmd = env.ssh().commandLine(args, "");
        cmd.remove(cmd.size() - 1); // no command: -N
        return cmd;
    }

    /** A -L spec: the client listens on 127.0.0.1:{@code local}, the server connects to host:port. */
    static String spec(int local, String host, int port) {
        return "127.0.0.1:" + local + ":" + host + ":" + port;
    }

    /** A port nobody listens on now (asked of the kernel, then closed). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * curl ARGS, tried until it succeeds (the client opens its forwards once it is logged on);
     * its output.
     */
    String curl(String... args) {
        AtomicReference<Shell.Result> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last.set(ForwardingIT.curl(List.of(args)));
                return last.get().exit() == 0;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("curl " + String.join(" ", args) + " kept failing: " + last.get()
                    + (process.isAlive() ? "" : " (ssh exited " + process.exitValue() + ")"), e);
        }
        return last.get().out();
    }

    @Override
    public void close() {
        Pids.stop(process);
    }
}
