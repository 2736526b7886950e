package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 5: the bash completion (scripts/completion/termhost.bash) offers the sessions a
 * real daemon has, as {@code termhost query session /format:json} lists them, through the
 * {@code termhost} on the PATH. Its commands and switches are checked in the man module
 * ({@code CompletionTableTest}).
 */
@ExtendWith(RootRequired.class)
class CompletionIT {
    private static final Path SCRIPT = HostLauncher.REPOSITORY.resolve("scripts/completion/termhost.bash");

    @TempDir
    Path tmp;

    @RegisterExtension
    final HostWithUsers env = new HostWithUsers(2);

    /** What bash offers at TAB after {@code typed}, with this daemon's client first on the PATH as termhost. */
    private List<String> complete(String typed) throws Exception {
        Path bin = tmp.resolve("bin");
        if (!Files.exists(bin.resolve("termhost"))) {
            Files.createDirectories(bin);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Files.writeString(bin.resolve("termhost"), "#!/bin/sh\nTERMHOST_STATE_DIR='" + env.host().stateDir()
                    + "' exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' termhost.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(bin.resolve("termhost"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Shell.Result r = Shell.run(List.of("bash", "-c", "source \"$1\" && COMP_LINE=$2 && COMP_POINT=${#COMP_LINE}"
                + " && read -r -a COMP_WORDS <<<\"$COMP_LINE\" && COMP_CWORD=${#COMP_WORDS[@]}"
                + " && _termhost && printf '%s\\n' \"${COMPREPLY[@]}\" | sed '/^$/d'", "bash", SCRIPT.toString(), typed),
                Map.of("PATH", bin + ":" + System.getenv("PATH"), "LANG", "C.UTF-8"), null, Duration.ofSeconds(60));
        assertThat(r.err()).as("bash's errors").isEmpty();
        assertThat(r.exit()).isZero();
        return r.out().lines().toList();
    }

    @Test
    void completesTheIdsNamesAndUsersOfLiveSessions() throws Exception {
        int bobId;
        try (LiveSession b = LiveSession.logon(env.host(), env.bob(), tmp.resolve("tb"))) {
            bobId = b.id();
        }
        SessionList.awaitState(env.host(), bobId, "Disc");
        try (LiveSession a = LiveSession.logon(env.host(), env.alice(), tmp.resolve("ta"))) {
            String aliceName = a.name(env.host());

            assertThat(complete("logoff ")).contains(a.idText(), Integer.toString(bobId), aliceName)
                    .doesNotContain("65536", env.alice().name());
            assertThat(complete("termhost tsdiscon " + a.idText().charAt(0))).contains(a.idText());
            assertThat(complete("msg ")).contains(env.alice().name(), env.bob().name(), aliceName, a.idText());
            // a switch whose value is a session: the value alone, as bash puts it after the ':'
            assertThat(complete("tscon " + bobId + " /dest:")).contains(aliceName);
            assertThat(complete("query process /ID:")).contains(a.idText(), Integer.toString(bobId));
            // another host's sessions are not this one's: nothing rather than the wrong ones
            assertThat(complete("logoff /server:elsewhere.invalid ")).isEmpty();
        }
    }
}
