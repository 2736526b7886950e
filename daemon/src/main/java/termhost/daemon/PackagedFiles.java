package termhost.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import termhost.daemon.config.ConfigFile;
import termhost.daemon.config.Layout;

/**
 * {@code PackagedFiles ROOT}: writes under ROOT the files of the Debian package that the daemon's
 * own tables define, so the package and a running daemon cannot disagree ({@code scripts/build-deb}
 * runs it): the config file with every setting's default, and the login-shell hook that the daemon
 * would otherwise write itself, word for word, so it finds the hook in place and leaves the
 * package's conffile untouched.
 */
public final class PackagedFiles {
    private PackagedFiles() {
    }

    /** Each file's place on the host (absolute) and its text. */
    public static Map<Path, String> files() {
        return Map.of(Layout.system(true, Map.of()).configFile(), ConfigFile.commentedDefaults(),
                Installation.PROFILE_HOOK, Installation.PROFILE_HOOK_TEXT);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PackagedFiles ROOT   (writes ROOT/etc/termhost/termhost.conf, ...)");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        for (Map.Entry<Path, String> f : files().entrySet()) {
            Path target = root.resolve(Path.of("/").relativize(f.getKey()));
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            System.out.println(f.getKey());
        }
    }
}
