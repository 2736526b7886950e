package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 3: concurrent logoffs of one session do the work once and both report success; a
 * logoff racing a reconnect of the same user leaves the session either reconnected and whole or
 * fully gone, never half (F8, F12 of failure-modes.md).
 */
@ExtendWith(RootRequired.class)
class LogoffRaceIT {
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    @Test
    void twoLogoffsAtOnceBothSucceedAndTheWorkIsDoneOnce() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=2s");
                TestUser alice = TestUser.create(tmp)) {
            for (int round = 0; round < 3; round++) {
                try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("term-" + round))) {
                    // a process that waits out the grace period keeps the first logoff busy
                    s.terminal().typeLine("sh -c 'trap \"\" HUP TERM; exec sleep 1000' &");
                    await().atMost(Duration.ofSeconds(30)).until(() -> Pids.inCgroup(host.sessionCgroup(s.id()))
                            .describeAlive().contains("sleep 1000"));
                    int rowsBefore = AuditRows.of(host, "session.logoff", s.id()).size();

                    CompletableFuture<Shell.Result> first = CompletableFuture.supplyAsync(
                            () -> host.command("logoff", s.idText(), "/v"));
                    CompletableFuture<Shell.Result> second = CompletableFuture.supplyAsync(
                            () -> host.command("logoff", s.idText(), "/v"));

                    for (Shell.Result r : List.of(first.join(), second.join())) {
                        assertThat(r.exit()).as(r.err() + r.out()).isZero();
                    }
                    assertThat(Stream.of(first.join(), second.join())
                            .filter(r -> r.out().contains("was already being logged off by another request")))
                            .as("exactly one of them found the other at work").hasSize(1);
                    assertThat(AuditRows.of(host, "session.logoff", s.id())).hasSize(rowsBefore + 1);
                    assertThat(SessionList.of(host).byId(s.id())).isEmpty();
                    assertThat(Files.exists(host.sessionCgroup(s.id()))).isFalse();
                }
            }
        }
    }

    @Test
    void aLogoffRacingAReconnectLeavesNoHalfSession() throws Exception {
        try (TermhostProcess host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=300ms");
                TestUser alice = TestUser.create(tmp)) {
            for (int round = 0; round < ROUNDS; round++) {
                int old;
                Pids oldProcesses;
                try (LiveSession s = LiveSession.logon(host, alice, tmp.resolve("first-" + round))) {
                    old = s.id();
                    oldProcesses = Pids.inCgroup(host.sessionCgroup(old));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).byId(old)
                        .map(r -> r.state().equals("Disc")).orElse(false));

                CompletableFuture<Shell.Result> logoff = CompletableFuture.supplyAsync(
                        () -> host.command("logoff", Integer.toString(old)));
                try (Terminal again = new SshClient(host, alice).interactive(tmp.resolve("again-" + round), 120, 40)) {
                    Shell.Result r = logoff.join();
                    assertThat(r.exit()).as("round " + round + ": " + r.err()).isZero();
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> again.clientExited() || again.screen().contains("$ "));
                    if (!again.clientExited()) {
                        again.typeLine("echo ALIVE-$((40+2))");
                        await().atMost(Duration.ofSeconds(60))
                                .until(() -> again.clientExited() || again.screen().contains("ALIVE-42"));
                    }
                    assertThat(oldProcesses.alive()).as("round " + round + ": the old session's processes")
                            .isEmpty();
                    assertWhole(host, alice, again.clientExited(), round);
                }
                // leave the round with no session of alice, so the next one starts alike
                SessionList.of(host).ofUser(alice.name()).ifPresent(row ->
                        host.command("logoff", Integer.toString(row.id())).requireSuccess("logoff"));
            }
        }
    }

    /** Every listed session is whole (a populated cgroup), every session cgroup is a listed session. */
    private static void assertWhole(TermhostProcess host, TestUser alice, boolean clientGone, int round)
            throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(host).rows().stream()
                .noneMatch(r -> r.state().equals("Down")));
        SessionList list = SessionList.of(host);
        Set<Integer> listed = list.sessions().stream().map(SessionList.Row::id).collect(Collectors.toSet());
        Set<Integer> groups;
        try (Stream<Path> dirs = Files.list(host.cgroupParent())) {
            groups = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("session-"))
                    .map(n -> Integer.parseInt(n.substring("session-".length()))).collect(Collectors.toSet());
        }
        assertThat(groups).as("round " + round + ": cgroups vs\n" + list).isEqualTo(listed);
        for (int id : listed) {
            assertThat(Files.readString(host.sessionCgroup(id).resolve("cgroup.events"))).contains("populated 1");
        }
        if (clientGone) {
            assertThat(list.ofUser(alice.name())).as("round " + round + ": client gone, so no session\n" + list)
                    .isEmpty();
        } else {
            assertThat(list.ofUser(alice.name())).as("round " + round + ": the reconnected client's session\n" + list)
                    .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("Active"));
        }
    }
}
