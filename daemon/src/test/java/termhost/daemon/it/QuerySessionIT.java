package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, "query session in all three ways" and "two users at once". */
@ExtendWith(RootRequired.class)
class QuerySessionIT {
    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    @Test
    void insideTheSessionOnTheHostAndOverSshTheOutputIsTheSame() throws Exception {
        try (Terminal term = new SshClient(env.host(), env.alice()).interactive(tmp, 120, 40)) {
            String inside = term.run("query session");
            String onHost = env.host().command("query", "session").requireSuccess("query on the host").out();
            Shell.Result overSsh = new SshClient(env.host(), env.bob()).exec("query session");
            assertThat(overSsh.exit()).as(overSsh.err()).isZero();

            // over ssh the command runs in bob's shell, in the exec session of the request: that one is
            // marked; the rest is the same table
            SessionList ssh = SessionList.parse(overSsh.out());
            assertThat(ssh.rows()).filteredOn(SessionList.Row::current).singleElement()
                    .satisfies(r -> assertThat(r.user()).isEqualTo(env.bob().name()));
            assertThat(lines(overSsh.out()).lines().filter(l -> !l.startsWith(">")).toList())
                    .isEqualTo(lines(onHost).lines().toList());
            SessionList table = SessionList.parse(inside);
            assertThat(table.rows()).filteredOn(SessionList.Row::current).singleElement()
                    .satisfies(r -> assertThat(r.user()).isEqualTo(env.alice().name()));
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
        try (Terminal a = new SshClient(env.host(), env.alice()).interactive(tmp, 120, 40);
                Terminal b = new SshClient(env.host(), env.bob()).interactive(tmp, 120, 40)) {
            long aliceShell = Long.parseLong(a.run("echo $$"));
            long bobShell = Long.parseLong(b.run("echo $$"));

            SessionList seenByAlice = SessionList.parse(a.run("query session"));
            SessionList seenByBob = SessionList.parse(b.run("query session"));

            for (SessionList t : new SessionList[] {seenByAlice, seenByBob}) {
                assertThat(t.sessions()).extracting(SessionList.Row::user)
                        .containsExactlyInAnyOrder(env.alice().name(), env.bob().name());
                assertThat(t.sessions()).allSatisfy(r -> {
                    assertThat(r.state()).isEqualTo("Active");
                    assertThat(r.name()).matches("ssh#\\d+");
                });
            }
            assertThat(seenByAlice.rows()).filteredOn(SessionList.Row::current).extracting(SessionList.Row::user)
                    .containsExactly(env.alice().name());
            assertThat(seenByBob.rows()).filteredOn(SessionList.Row::current).extracting(SessionList.Row::user)
                    .containsExactly(env.bob().name());
            int aliceId = seenByAlice.ofUser(env.alice().name()).orElseThrow().id();
            int bobId = seenByAlice.ofUser(env.bob().name()).orElseThrow().id();
            assertThat(Procs.cgroupOf(aliceShell)).isEqualTo(Procs.sessionCgroupName(env.host(), aliceId));
            assertThat(Procs.cgroupOf(bobShell)).isEqualTo(Procs.sessionCgroupName(env.host(), bobId));
            assertThat(aliceId).isNotEqualTo(bobId);
        }
    }

    /** Lines without trailing blanks, so a terminal's padding does not count as a difference. */
    private static String lines(String text) {
        return text.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
