package termhost.daemon.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An interactive logon made with the real {@code ssh -tt} in a {@link Terminal}, waited for until
 * its shell answers. {@link #close} ends the terminal (the session itself stays, disconnected, until
 * the daemon is closed).
 */
public final class LiveSession implements AutoCloseable {
    private final Terminal terminal;
    private final int id;
    private final TestUser user;

    private LiveSession(Terminal terminal, int id, TestUser user) {
        this.terminal = terminal;
        this.id = id;
        this.user = user;
    }

    public static LiveSession logon(TermhostProcess host, TestUser user, Path workDir) throws Exception {
        Terminal t = new SshClient(host, user).interactive(workDir, 120, 40);
        try {
            // the shell reads the line once it is up; on a busy machine that can take a while
            t.awaitScreen("$ ", Duration.ofSeconds(60));
            t.typeLine("echo READY-$((20+22))");
            t.awaitScreen("READY-42", Duration.ofSeconds(60));
            int[] id = new int[1];
            SessionList[] last = new SessionList[1];
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> (last[0] = SessionList.of(host)).ofUser(user.name())
                        .filter(r -> r.state().equals("Active")).map(r -> id[0] = r.id()).isPresent());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(user.name() + " never showed as Active:\n" + last[0], e);
            }
            return new LiveSession(t, id[0], user);
        } catch (Throwable e) {
            t.close();
            throw e;
        }
    }

    public Terminal terminal() {
        return terminal;
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

    /** The name {@code query session} shows for it now (ssh#N). */
    public String name(TermhostProcess host) {
        return SessionList.of(host).byId(id).orElseThrow().name();
    }

    @Override
    public void close() {
        terminal.close();
    }
}
