package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 3 and the page's remark "after logoff every process has ended and the session is
 * deleted": processes that detach in every way a shell allows, that ignore HUP and TERM, that come
 * by the thousand or keep forking, are all gone afterwards; the cgroup is removed and the ID is free.
 */
@ExtendWith(RootRequired.class)
class LogoffProcessesIT {
    /** Each escapee writes its own PID (after any fork of setsid) and becomes a sleep. */
    private static final String ESCAPEE = "sh -c 'echo $$ >> ~/pids; exec sleep 1000'";
    private static final Pattern TOOK = Pattern.compile("took=(\\d+)ms");

    @TempDir
    Path tmp;

    @Test
    void everyDetachedProcessEndsOnHupOrTermAndTheIdIsFreeAgain() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=5s");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            Terminal t = s.terminal();
            t.typeLine("setsid " + ESCAPEE + " &");
            t.typeLine("nohup " + ESCAPEE + " >/dev/null 2>&1 &");
            t.typeLine("(" + ESCAPEE + " &) &");
            t.typeLine(ESCAPEE + " & disown");
            t.typeLine("setsid -f " + ESCAPEE);
            t.typeLine("sleep 1000 | cat &");
            Pids escapees = awaitPids(alice, 5);
            Pids all = Pids.inCgroup(host.sessionCgroup(s.id()));

            Shell.Result r = host.command("logoff", s.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(escapees.alive()).as(escapees.describeAlive()).isEmpty();
            assertThat(all.alive()).as(all.describeAlive()).isEmpty();
            assertThat(Files.exists(host.sessionCgroup(s.id()))).as("cgroup removed").isFalse();
            assertThat(SessionList.of(host).byId(s.id())).isEmpty();
            assertThat(AuditRows.of(host, "session.logoff", s.id())).singleElement()
                    .satisfies(a -> assertThat(a.detail()).as("no KILL was needed").contains("signals=HUP+TERM,"));
            // the attached client is told why, in one line, and ends
            await().atMost(Duration.ofSeconds(20)).until(t::clientExited);
            assertThat(t.screen()).contains("Session " + s.id() + " is being logged off: logged off by root");

            try (TestUser bob = TestUser.create(tmp); LiveSession next = LiveSession.logon(host, bob, tmp.resolve("t2"))) {
                assertThat(next.id()).as("the lowest free ID is the one just freed").isEqualTo(s.id());
            }
        }
    }

    /**
     * F2: under {@code su} (a root process waiting for its child) run another user's shell, a nested
     * shell and a {@code tail -f}. All of them, whatever their uid, end on HUP and TERM: no KILL.
     */
    @Test
    void nestedShellsUnderSuOfAnotherUserEndOnHupAndTerm() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=5s");
                TestUser alice = TestUser.create(tmp);
                TestUser bob = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            String password = "pw-" + Long.toString(System.nanoTime(), 36);
            Shell.run(java.util.List.of("chpasswd"), java.util.Map.of(), bob.name() + ":" + password + "\n",
                    Duration.ofSeconds(10)).requireSuccess("chpasswd");
            Terminal t = s.terminal();
            t.typeLine("su " + bob.name());
            t.awaitScreen("Password:");
            t.typeLine(password);
            t.typeLine("bash");
            t.typeLine("echo NESTED-$(id -un)-$((40+2))");
            t.awaitScreen("NESTED-" + bob.name() + "-42");
            t.typeLine("tail -f /dev/null");
            Path cgroup = host.sessionCgroup(s.id());
            await().atMost(Duration.ofSeconds(30)).until(() -> Pids.inCgroup(cgroup).alive().stream()
                    .map(LogoffProcessesIT::commandOf).anyMatch(c -> c.startsWith("tail")));
            Pids all = Pids.inCgroup(cgroup);
            assertThat(all.alive().stream().map(LogoffProcessesIT::uidOf))
                    .as("root's su and bob's shells are in alice's session").contains(0, bob.uid(), alice.uid());

            Shell.Result r = host.command("logoff", s.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(all.alive()).as(all.describeAlive()).isEmpty();
            assertThat(Files.exists(cgroup)).as("cgroup removed").isFalse();
            assertThat(AuditRows.of(host, "session.logoff", s.id())).singleElement()
                    .satisfies(a -> assertThat(a.detail()).as("no KILL was needed").contains("signals=HUP+TERM,"));
        }
    }

    @Test
    void aProcessIgnoringHupAndTermIsKilledAfterTheGracePeriod() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=700ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            s.terminal().typeLine("sh -c 'trap \"\" HUP TERM; echo $$ >> ~/pids; exec sleep 1000' &");
            s.terminal().typeLine("bash -c 'trap \"\" HUP TERM; echo $$ >> ~/pids; while :; do sleep 1; done' &");
            Pids stubborn = awaitPids(alice, 2);

            long start = System.nanoTime();
            Shell.Result r = host.command("logoff", s.idText());
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(tookMs).as("the grace period passed first").isGreaterThanOrEqualTo(700);
            assertThat(stubborn.alive()).as(stubborn.describeAlive()).isEmpty();
            assertThat(Files.exists(host.sessionCgroup(s.id()))).isFalse();
            AuditRows.Row row = AuditRows.of(host, "session.logoff", s.id()).get(0);
            assertThat(row.detail()).contains("signals=HUP+TERM+KILL");
            Matcher m = TOOK.matcher(row.detail());
            assertThat(m.find()).as(row.detail()).isTrue();
            assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(700);
        }
    }

    @Test
    void aThousandProcessesAllEnd() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=2s");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            s.terminal().typeLine("for i in $(seq 1000); do sleep 1000 & done; echo SPAWNED-$((500+500))");
            s.terminal().awaitScreen("SPAWNED-1000", Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).until(() -> Pids.inCgroup(host.sessionCgroup(s.id())).size() > 1000);
            Pids all = Pids.inCgroup(host.sessionCgroup(s.id()));

            Shell.Result r = host.command("logoff", s.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(all.alive()).as(all.describeAlive()).isEmpty();
            assertThat(Files.exists(host.sessionCgroup(s.id()))).isFalse();
            assertThat(AuditRows.of(host, "session.logoff", s.id()).get(0).detail())
                    .containsPattern("processes=10\\d\\d,");
        }
    }

    @Test
    void aForkLoopStillForkingIsEnded() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=500ms");
                TestUser alice = TestUser.create(tmp);
                LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term"))) {
            // bounded, so a failure cannot take the machine down; each child ignores HUP and TERM
            s.terminal().typeLine("setsid bash -c 'trap \"\" HUP TERM; i=0; while [ $i -lt 4000 ]; do "
                    + "(sleep 1000 &); i=$((i+1)); done' &");
            await().atMost(Duration.ofSeconds(60)).until(() -> Pids.inCgroup(host.sessionCgroup(s.id())).size() > 200);
            Pids seen = Pids.inCgroup(host.sessionCgroup(s.id()));

            Shell.Result r = host.command("logoff", s.idText());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(seen.alive()).as(seen.describeAlive()).isEmpty();
            assertThat(Files.exists(host.sessionCgroup(s.id()))).as("cgroup removed, so nothing forked later is left")
                    .isFalse();
            Shell.Result ps = Shell.run(java.util.List.of("ps", "-u", alice.name(), "-o", "pid=,stat=,args="));
            assertThat(ps.out().lines().filter(l -> !l.trim().split("\\s+")[1].startsWith("Z")))
                    .as("no process of alice is left anywhere (zombies await PID 1 only)").isEmpty();
        }
    }

    /** The effective uid: su keeps its caller's real uid while it runs as root. */
    private static int uidOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).map(l -> Integer.parseInt(l.split("\\s+")[2])).findFirst()
                    .orElse(-1);
        } catch (IOException gone) {
            return -1;
        }
    }

    private static String commandOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private static Pids awaitPids(TestUser user, int count) throws IOException {
        Path file = user.home().resolve("pids");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file)
                && Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() >= count);
        Pids pids = Pids.listedIn(file);
        assertThat(pids.size()).as("every recorded process is running").isEqualTo(count);
        return pids;
    }
}
