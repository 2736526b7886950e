package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the end of a session's shell is told apart from its client's going away by facts that
 * cannot race, and no logon, {@code tscon} or re-adopted session is ever attached to a session whose
 * shell is gone.
 *
 * <p>The cycles: a user types {@code exit} and logs on again at once. The tmux server outlives its
 * shell by a few milliseconds; when the end of the attach client was taken for a disconnect, the
 * session stayed {@code Disc} with its shell gone and the next logon was routed into it and got
 * "no sessions" (about one cycle in twelve). Here several users do it back to back, with the real
 * {@code ssh -tt}, under both settings of {@code sessions.multiple-per-user}: every logon must
 * reach a working shell, and every session must end as a logoff, never a reconnect.
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class ShellEndIT {
    private static final int USERS = 4;
    private static final int CYCLES_PER_USER = 20;
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(USERS);

    @Test
    void exitThenLogonAgainAlwaysGetsAWorkingShellWithOneSessionPerUser() throws Exception {
        env.start();
        cycleAllUsers();
    }

    @Test
    void exitThenLogonAgainAlwaysGetsAWorkingShellWithSeveralSessionsPerUser() throws Exception {
        env.start("sessions.multiple-per-user=true");
        cycleAllUsers();
    }

    @Test
    void aDisconnectedSessionWhoseShellWasKilledGivesWayToAFreshOne() throws Exception {
        env.start();
        TermhostProcess host = env.host();
        TestUser alice = env.alice();
        long shell;
        int id;
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t1"))) {
            id = s.id();
            shell = Long.parseLong(s.terminal().run("echo $$"));
        }
        SessionList.awaitState(host, id, "Disc");
        Shell.run(List.of("kill", "-KILL", Long.toString(shell))).requireSuccess("kill the shell");

        try (Terminal t = env.ssh().interactive(tmp.resolve("t2"), 120, 40)) {
            long fresh = Long.parseLong(t.run("echo $$"));
            assertThat(fresh).as("a new shell").isNotEqualTo(shell);
        }
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                .filteredOn(r -> Integer.valueOf(id).equals(r.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("success"));
        assertThat(AuditTrail.of(host.database(), "session.reconnect", alice.name()))
                .as("the dead session is never reconnected to").isEmpty();
    }

    /**
     * A session that tmux no longer has, though its tmux server lives on (the user started a second
     * tmux session on it, then killed the shell): only asking tmux shows it cannot be attached, so
     * the logon that finds it must end it (audited) and make a new one in the same logon.
     */
    @Test
    void aSessionTmuxNoLongerHasIsEndedAtTheNextLogonAndANewOneMade() throws Exception {
        env.start();
        TermhostProcess host = env.host();
        TestUser alice = env.alice();
        Kept kept = aDisconnectedSessionKeepingItsTmuxServer();
        int id = kept.id();
        long shell = kept.shell();
        SessionList.awaitState(host, id, "Disc");
        kill(shell);
        // the reaper sees a live tmux server: the session stays listed Disc until a logon asks tmux
        assertThat(SessionList.of(host).byId(id)).as("still listed").isPresent();

        try (Terminal t = env.ssh().interactive(tmp.resolve("t2"), 120, 40)) {
            long fresh = Long.parseLong(t.run("echo $$"));
            assertThat(fresh).as("a new shell").isNotEqualTo(shell);
            assertThat(SessionList.of(host).sessions()).as("the dead session is gone, a new one Active")
                    .filteredOn(r -> r.user().equals(alice.name())).singleElement()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("Active"));
        }
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                .filteredOn(r -> Integer.valueOf(id).equals(r.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("found at the next logon"));
        assertThat(AuditTrail.of(host.database(), "session.reconnect", alice.name())).isEmpty();
    }

    @Test
    void tsconToASessionTmuxNoLongerHasEndsItAndIsRefused() throws Exception {
        env.start("sessions.multiple-per-user=true");
        TermhostProcess host = env.host();
        TestUser alice = env.alice();
        int dead;
        try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("t1"))) {
            dead = s.id();
            long shell = keepItsTmuxServer(host, alice, s);
            try (LiveSession other = LiveSession.logon(host, alice, tmp.resolve("t2"))) {
                s.close();
                SessionList.awaitState(host, dead, "Disc");
                kill(shell);
                String out = other.terminal().run("tscon " + dead + "; echo exit=$?");
                assertThat(out).contains("Session " + dead + " not found.").contains("exit=1");
                assertThat(SessionList.of(host).sessions()).as("the dead session is gone, the caller's stays Active")
                        .filteredOn(r -> r.user().equals(alice.name())).singleElement()
                        .satisfies(r -> assertThat(r.state()).isEqualTo("Active"));
            }
        }
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                .filteredOn(r -> Integer.valueOf(dead).equals(r.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("found at tscon"));
    }

    @Test
    void aReadoptedSessionTmuxNoLongerHasIsEndedAtTheNextLogon() throws Exception {
        env.start();
        TermhostProcess host = env.host();
        TestUser alice = env.alice();
        Kept kept = aDisconnectedSessionKeepingItsTmuxServer();
        int id = kept.id();
        host.stop();
        kill(kept.shell());
        host.restart();
        // its tmux server lives: re-adopted as Disc, as any session whose server survived the restart
        SessionList.awaitState(host, id, "Disc");
        try (Terminal t = env.ssh().interactive(tmp.resolve("t2"), 120, 40)) {
            assertThat(t.run("echo $((6*7))")).isEqualTo("42");
        }
        assertThat(AuditTrail.of(host.database(), "session.logoff", alice.name()))
                .filteredOn(r -> Integer.valueOf(id).equals(r.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("found at the next logon"));
        assertThat(AuditTrail.of(host.database(), "session.reconnect", alice.name())).isEmpty();
    }

    /**
     * Starts a second tmux session on the tmux server of {@code s} (as the user could), so that the
     * server lives on once the shell is killed, and tmux no longer has the session. Returns the
     * shell's pid, to be killed once the session is disconnected: killed while a client is attached,
     * the client's end would show it at once.
     */
    private static long keepItsTmuxServer(TermhostProcess host, TestUser user, LiveSession s) {
        long shell = Long.parseLong(s.terminal().run("echo $$"));
        Path socket = host.socket().resolveSibling("sessions").resolve(s.idText()).resolve("tmux.sock");
        user.runOnHost("tmux -S " + socket + " new-session -d -s keeper sleep 3600", java.util.Map.of())
                .requireSuccess("a second tmux session");
        return shell;
    }

    /** A session of alice's, left disconnected, whose tmux server will outlive its shell. */
    private record Kept(int id, long shell) {
    }

    private Kept aDisconnectedSessionKeepingItsTmuxServer() throws Exception {
        try (LiveSession s = LiveSession.logon(env.host(), env.alice(), tmp.resolve("t1"))) {
            return new Kept(s.id(), keepItsTmuxServer(env.host(), env.alice(), s));
        }
    }

    private static void kill(long shell) {
        Shell.run(List.of("kill", "-KILL", Long.toString(shell))).requireSuccess("kill the shell");
    }

    /** Every user does its cycles at the same time as the others; all failures are reported together. */
    private void cycleAllUsers() throws Exception {
        TermhostProcess host = env.host();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                SshClient ssh = new SshClient(host, env.user(u));
                done.add(pool.submit(() -> {
                    for (int i = 1; i <= CYCLES_PER_USER; i++) {
                        String failure = exitCycle(ssh);
                        if (failure != null) {
                            failures.add(ssh.user().name() + " cycle " + i + ": " + failure);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("logons that did not reach a working shell").isEmpty();
        // a client may see its channel close before the logoff of its session is recorded: every
        // session gone means every logoff recorded (a session left Disc would never go)
        await().atMost(STEP).until(() -> SessionList.of(host).sessions().isEmpty());
        for (int u = 0; u < USERS; u++) {
            String name = env.user(u).name();
            assertThat(AuditTrail.of(host.database(), "session.reconnect", name))
                    .as("a logon after exit is routed into a new session, never the ended one").isEmpty();
            assertThat(AuditTrail.of(host.database(), "session.logoff", name)).hasSize(CYCLES_PER_USER)
                    .allSatisfy(r -> assertThat(r.detail()).startsWith("the session's shell exited;"));
        }
    }

    /**
     * One cycle: {@code ssh -tt} (its input a pipe: the remote side still gets a terminal), a
     * command whose output differs from its echo, then {@code exit}. Null when all went well.
     */
    private static String exitCycle(SshClient ssh) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-tt"));
        cmd.addAll(ssh.options());
        cmd.add(ssh.user().name() + "@127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "ssh-output");
        reader.start();
        try {
            OutputStream in = p.getOutputStream();
            in.write("echo READY-$((20+22))\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (!until(() -> out.indexOf("READY-42") >= 0 || !p.isAlive())) {
                return "no shell within " + STEP.toSeconds() + " s: " + out;
            }
            if (out.indexOf("READY-42") < 0) {
                return "the client ended before the shell answered: " + out;
            }
            in.write("exit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (!p.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)) {
                return "the client did not end after exit: " + out;
            }
            return p.exitValue() == 0 ? null : "exit status " + p.exitValue() + ": " + out;
        } finally {
            p.destroyForcibly();
            p.waitFor();
            reader.join(STEP.toMillis());
        }
    }

    private static boolean until(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(STEP).pollInterval(Duration.ofMillis(10)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static void copy(InputStream from, StringBuffer to) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = from.read(buf)) > 0; ) {
                to.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client ended
        }
    }
}
