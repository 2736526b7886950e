package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 1: the PAM session stack, opened by a root session leader (termhost-leader) that
 * is the parent and the child subreaper of the session's processes and stays outside its cgroup:
 * pam_limits, pam_env and pam_loginuid reach the session and not the daemon; what the session
 * orphans is reaped by the leader, never left {@code <defunct>}; a stack that refuses refuses the
 * logon; the PAM session closes at logoff, also after a daemon restart.
 */
@ExtendWith(RootRequired.class)
class SessionLeaderIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = HostWithUsers.startedByTheTest(1);

    private PamServiceFile service;
    private Path limits;

    @AfterEach
    void removeFiles() throws IOException {
        if (service != null) {
            service.close();
        }
        if (limits != null) {
            Files.deleteIfExists(limits);
        }
    }

    /** The host's own service (pam.d-termhost): limits.d applies, loginuid is the user's, the daemon's stays. */
    @Test
    void theHostsSessionStackSetsLimitsAndLoginuidInTheSessionOnly() throws Exception {
        env.start();
        TestUser alice = env.alice();
        limits = Path.of("/etc/security/limits.d",
                "termhost-test-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + ".conf");
        Files.writeString(limits, alice.name() + " hard nofile 1234\n");
        String daemonLoginuid = loginuid(env.host().pid());
        String daemonCgroup = Procs.cgroupOf(env.host().pid());

        Shell.Result r = env.ssh().exec("ulimit -Hn; cat /proc/self/loginuid; echo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("1234", Integer.toString(alice.uid()));

        try (Terminal t = env.ssh().interactive(tmp.resolve("t"), 100, 30)) {
            t.awaitScreen("$ ");
            assertThat(t.run("ulimit -Hn")).isEqualTo("1234");
            assertThat(t.run("cat /proc/self/loginuid; echo")).isEqualTo(Integer.toString(alice.uid()));
            int id = SessionList.of(env.host()).ofUser(alice.name()).orElseThrow().id();
            long leader = leaderOf(id);
            // every process of the session in its group; the leader, root's, outside it
            for (long pid : Procs.pidsIn(env.host().sessionCgroup(id))) {
                assertThat(Procs.cgroupOf(pid)).isEqualTo(Procs.sessionCgroupName(env.host(), id));
            }
            assertThat(Procs.cgroupOf(leader)).isEqualTo(daemonCgroup);
            assertThat(status(leader)).contains("Uid:\t0\t0\t0\t0");
        }
        assertThat(loginuid(env.host().pid())).isEqualTo(daemonLoginuid);
        assertThat(Procs.cgroupOf(env.host().pid())).isEqualTo(daemonCgroup);
    }

    /**
     * A service of the test's own: pam_env's variables reach the command, but never over
     * SSH_AUTH_SOCK, TERMHOST_* or what the client sent; pam_exec logs the session's open and close.
     */
    @Test
    void pamEnvAppliesWithoutOverridingOursAndTheSessionClosesWhenTheCommandEnds() throws Exception {
        Path log = useService();
        Shell.Result r = Shell.run(withLang(env.ssh().commandLine(List.of("-o", "SendEnv=LANG"),
                "echo \"$FROM_PAM_ENV|$TERMHOST_BIN|${SSH_AUTH_SOCK-unset}|$LANG|$OTHER\"")));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).doesNotContain("/pam-env").matches("applied\\|/.+\\|unset\\|de_DE.UTF-8\\|yes");
        await().atMost(Duration.ofSeconds(15)).until(() -> pamTypes(log),
                l -> l.equals(List.of("open_session", "close_session")));
    }

    /**
     * What a shell leaves running when it exits, forked once or twice, becomes the leader's child and
     * is reaped by it when it ends: no {@code <defunct>} under a PID 1 that reaps nothing. After the
     * logoff, the leader is gone too, its PAM session closed.
     */
    @Test
    void orphansAreReapedByTheLeaderAndItEndsAfterTheLogoff() throws Exception {
        Path log = useService();
        try (Terminal t = env.ssh().interactive(tmp.resolve("t"), 100, 30)) {
            t.awaitScreen("$ ");
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            long leader = leaderOf(id);
            long once = Long.parseLong(t.run("sh -c 'sleep 3 & echo $!'").strip());
            long twice = Long.parseLong(t.run("sh -c '(sleep 3 & echo $!)'").strip());
            for (long orphan : List.of(once, twice)) {
                assertThat(Procs.parentOf(orphan)).isEqualTo(leader);
            }
            for (long orphan : List.of(once, twice)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(Path.of("/proc", Long.toString(orphan))));
            }
            assertThat(Procs.alive(leader)).isTrue();
            Shell.Result off = env.host().command("logoff", Integer.toString(id));
            assertThat(off.exit()).as(off.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(Path.of("/proc", Long.toString(leader))));
        }
        assertThat(pamTypes(log)).containsExactly("open_session", "close_session");
    }

    /**
     * A session stack that refuses: the command never runs, the client is told why, and an exec and
     * an interactive logon are each audited as refused; no session is left.
     */
    @Test
    void aSessionStackThatRefusesRefusesTheLogon() throws Exception {
        service = PamServiceFile.write("account required pam_permit.so", "session requisite pam_deny.so");
        env.start(service.setting());
        Shell.Result r = env.ssh().exec("echo RAN");
        assertThat(r.exit()).as(r.err()).isEqualTo(254);
        assertThat(r.out()).doesNotContain("RAN");
        assertThat(r.err()).contains("the PAM session of " + env.alice().name()).contains("pam_open_session");
        try (Terminal t = env.ssh().interactive(tmp.resolve("t"), 100, 30)) {
            await().atMost(Duration.ofSeconds(30)).until(t::clientExited);
            assertThat(t.screen()).contains("the PAM session of " + env.alice().name());
        }
        List<AuditTrail.Row> refused = await().atMost(Duration.ofSeconds(15))
                .until(() -> AuditTrail.read(env.host().database()).stream()
                        .filter(a -> a.type().equals("session.logon-refused")).toList(), rows -> rows.size() == 2);
        assertThat(refused).allSatisfy(a -> assertThat(a.actor()).isEqualTo(env.alice().name()));
        assertThat(refused.get(0).detail()).contains("PAM session stack refused").contains("command did not run");
        assertThat(refused.get(1).detail()).contains("pam_open_session");
        await().atMost(Duration.ofSeconds(15)).until(() -> SessionList.of(env.host()).sessions().isEmpty());
    }

    /** A session outlives a restart of the daemon; its leader, no longer the daemon's child, closes PAM at its logoff. */
    @Test
    void afterARestartTheLeaderStillClosesThePamSessionAtLogoff() throws Exception {
        Path log = useService();
        int id;
        long leader;
        try (Terminal t = env.ssh().interactive(tmp.resolve("t"), 100, 30)) {
            t.awaitScreen("$ ");
            id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            leader = leaderOf(id);
            env.host().kill9();
        }
        env.host().restart();
        SessionList.awaitState(env.host(), id, "Disc");
        assertThat(Procs.alive(leader)).isTrue();
        assertThat(pamTypes(log)).containsExactly("open_session");
        Shell.Result off = env.host().command("logoff", Integer.toString(id));
        assertThat(off.exit()).as(off.err()).isZero();
        // ended; reaped by whoever adopted it (a PID 1 that reaps nothing leaves its zombie)
        await().atMost(Duration.ofSeconds(30)).until(() -> !Procs.alive(leader));
        assertThat(pamTypes(log)).containsExactly("open_session", "close_session");
    }

    /**
     * Starts the daemon with a PAM service of the test's own: pam_limits, pam_env from a file of the
     * test's, pam_exec writing each PAM_TYPE to the returned log.
     */
    private Path useService() throws Exception {
        Path envFile = tmp.resolve("pam-env");
        Files.writeString(envFile, String.join("\n", "FROM_PAM_ENV=applied", "TERMHOST_BIN=/pam-env",
                "SSH_AUTH_SOCK=/pam-env", "LANG=xx_XX.UTF-8", "OTHER=yes", ""));
        Path log = tmp.resolve("pam.log");
        Files.writeString(log, "");
        service = PamServiceFile.write("account required pam_permit.so",
                "session required pam_loginuid.so",
                "session required pam_env.so readenv=1 user_readenv=0 envfile=" + envFile,
                "session optional pam_exec.so quiet log=" + log + " /usr/bin/printenv PAM_TYPE");
        env.start(service.setting());
        return log;
    }

    /** What pam_exec logged: a PAM_TYPE per call, each after a line of its own ("*** date"). */
    private static List<String> pamTypes(Path log) throws IOException {
        return Files.readString(log).lines().filter(l -> !l.startsWith("***")).toList();
    }

    private static List<String> withLang(List<String> command) {
        List<String> c = new java.util.ArrayList<>(List.of("env", "LANG=de_DE.UTF-8"));
        c.addAll(command);
        return c;
    }

    /** The leader: the parent of the session's processes that is not in the session. */
    private long leaderOf(int id) {
        List<Long> members = Procs.pidsIn(env.host().sessionCgroup(id));
        long leader = members.stream().map(Procs::parentOf).filter(p -> !members.contains(p)).findFirst()
                .orElseThrow();
        assertThat(comm(leader)).isEqualTo("termhost-leader");
        return leader;
    }

    private static String comm(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "comm")).strip();
    }

    private static String status(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static String loginuid(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "loginuid"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
