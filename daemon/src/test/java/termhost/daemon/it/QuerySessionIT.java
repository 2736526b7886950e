package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "query session in all three ways" and "two users at once". */
@ExtendWith(RootRequired.class)
class QuerySessionIT {
    @TempDir
    Path tmp;

    private TermhostProcess host;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void start() throws Exception {
        host = TermhostProcess.start(tmp.resolve("state"));
        alice = TestUser.create(tmp);
        bob = TestUser.create(tmp);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (TermhostProcess h = host; TestUser a = alice; TestUser b = bob) {
            // users first, then the daemon with whatever its sessions left
        }
    }

    @Test
    void insideTheSessionOnTheHostAndOverSshTheOutputIsTheSame() throws Exception {
        try (Terminal term = new SshClient(host, alice).interactive(tmp, 120, 40)) {
            String inside = term.run("query session");
            String onHost = host.command("query", "session").requireSuccess("query on the host").out();
            Shell.Result overSsh = new SshClient(host, bob).exec("query session");
            assertThat(overSsh.exit()).as(overSsh.err()).isZero();

            assertThat(lines(overSsh.out())).isEqualTo(lines(onHost));
            SessionList table = SessionList.parse(inside);
            assertThat(table.rows()).filteredOn(SessionList.Row::current).singleElement()
                    .satisfies(r -> assertThat(r.user()).isEqualTo(alice.name()));
            assertThat(lines(inside).replaceAll("(?m)^>", " ")).isEqualTo(lines(onHost));
            assertThat(SessionList.parse(onHost).rows()).noneMatch(SessionList.Row::current);

            assertThat(table.byId(0)).get().satisfies(r -> {
                assertThat(r.name()).isEqualTo("services");
                assertThat(r.state()).isEqualTo("Disc");
            });
            assertThat(table.byId(1)).get().satisfies(r -> assertThat(r.name()).isEqualTo("console"));
            assertThat(table.byId(65536)).get().satisfies(r -> {
                assertThat(r.name()).isEqualTo("ssh");
                assertThat(r.state()).isEqualTo("Listen");
            });
            assertThat(table.rows().get(table.rows().size() - 1).id()).isEqualTo(65536);
        }
    }

    @Test
    void twoUsersLoggedOnAtOnceSeeEachOther() throws Exception {
        try (Terminal a = new SshClient(host, alice).interactive(tmp, 120, 40);
                Terminal b = new SshClient(host, bob).interactive(tmp, 120, 40)) {
            long aliceShell = Long.parseLong(a.run("echo $$"));
            long bobShell = Long.parseLong(b.run("echo $$"));

            SessionList seenByAlice = SessionList.parse(a.run("query session"));
            SessionList seenByBob = SessionList.parse(b.run("query session"));

            for (SessionList t : new SessionList[] {seenByAlice, seenByBob}) {
                assertThat(t.sessions()).extracting(SessionList.Row::user)
                        .containsExactlyInAnyOrder(alice.name(), bob.name());
                assertThat(t.sessions()).allSatisfy(r -> {
                    assertThat(r.state()).isEqualTo("Active");
                    assertThat(r.name()).matches("ssh#\\d+");
                });
            }
            assertThat(seenByAlice.rows()).filteredOn(SessionList.Row::current).extracting(SessionList.Row::user)
                    .containsExactly(alice.name());
            assertThat(seenByBob.rows()).filteredOn(SessionList.Row::current).extracting(SessionList.Row::user)
                    .containsExactly(bob.name());
            int aliceId = seenByAlice.ofUser(alice.name()).orElseThrow().id();
            int bobId = seenByAlice.ofUser(bob.name()).orElseThrow().id();
            assertThat(Procs.cgroupOf(aliceShell)).isEqualTo(Procs.sessionCgroupName(host, aliceId));
            assertThat(Procs.cgroupOf(bobShell)).isEqualTo(Procs.sessionCgroupName(host, bobId));
            assertThat(aliceId).isNotEqualTo(bobId);
        }
    }

    /** Lines without trailing blanks, so a terminal's padding does not count as a difference. */
    private static String lines(String text) {
        return text.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
