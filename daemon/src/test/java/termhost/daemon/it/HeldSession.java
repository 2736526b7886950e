package termhost.daemon.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A session of {@code user} that exists as long as a real {@code ssh user@host sleep} runs: the
 * cheapest way to give a test a session it can query and log off (no terminal, no tmux of ours).
 * {@link #close} ends the client, after which the daemon logs the exec session off by itself.
 */
public final class HeldSession implements AutoCloseable {
    private final TermhostProcess host;
    private final Process client;
    private final TestUser user;
    private final int id;

    private HeldSession(TermhostProcess host, Process client, TestUser user, int id) {
        this.host = host;
        this.client = client;
        this.user = user;
        this.id = id;
    }

    /** Starts the client and waits until its session is listed; fails if it never is. */
    public static HeldSession open(TermhostProcess host, TestUser user) throws IOException {
        Set<Integer> before = SessionList.of(host).sessions().stream().map(SessionList.Row::id)
                .collect(Collectors.toSet());
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(new SshClient(host, user).options());
        cmd.addAll(List.of(user.name() + "@" + host.address(), "exec sleep 3600"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int[] id = {-1};
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("ssh for " + user.name() + " exited " + p.exitValue());
                }
                return SessionList.of(host).sessions().stream()
                        .filter(r -> r.user().equals(user.name()) && !before.contains(r.id()))
                        .map(r -> id[0] = r.id()).findFirst().isPresent();
            });
        } catch (Throwable e) {
            p.destroyForcibly();
            throw e;
        }
        return new HeldSession(host, p, user, id[0]);
    }

    public int id() {
        return id;
    }

    public String idText() {
        return Integer.toString(id);
    }

    public TestUser user() {
        return user;
    }

    /** True once the daemon no longer lists it. */
    public boolean gone() {
        return SessionList.of(host).byId(id).filter(r -> r.user().equals(user.name())).isEmpty();
    }

    @Override
    public void close() {
        client.destroy();
        try {
            await().atMost(Duration.ofSeconds(20)).until(this::gone);
        } catch (Throwable e) {
            // a session of a closed daemon, or one that lingers: TermhostProcess.close ends it anyway
        } finally {
            client.destroyForcibly();
        }
    }
}
