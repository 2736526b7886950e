package termhost.daemon.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The termhost Debian package: built by {@code scripts/build-deb}, handled with dpkg as an administrator would. */
final class DebianPackage {
    static final String NAME = "termhost";
    /** The checkout the tests run in (Maven runs them in {@code daemon/}). */
    private static final Duration DPKG_TIMEOUT = Duration.ofMinutes(3);

    private DebianPackage() {
    }

    /**
     * Builds the package of this build's jars as {@code version} into {@code out}; returns the .deb.
     * Uncompressed: xz would take most of the test's time and changes nothing dpkg installs.
     */
    static Path build(String version, Path out) {
        Shell.Result r = Shell.run(List.of(HostLauncher.REPOSITORY.resolve("scripts/build-deb").toString(), "--version", version,
                "--out", out.toString(), "--compression", "none"), Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH")), null, DPKG_TIMEOUT).requireSuccess("scripts/build-deb");
        return Path.of(r.out().strip());
    }

    /** dpkg with {@code args}, never asking: a question it would ask fails the call. */
    static Shell.Result dpkg(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        return Shell.run(cmd, Map.of("DEBIAN_FRONTEND", "noninteractive"), null, DPKG_TIMEOUT);
    }

    /** The installed version, when dpkg has the package installed (configured or not). */
    static Optional<String> installedVersion() {
        Shell.Result r = Shell.run(List.of("dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", NAME));
        String[] statusAndVersion = r.out().strip().split(" ", 2);
        return r.exit() == 0 && !statusAndVersion[0].equals("not-installed") && !statusAndVersion[0].equals("config-files")
                ? Optional.of(statusAndVersion[1]) : Optional.empty();
    }

    /** dpkg's status word for the package: installed, config-files, not-installed... */
    static String status() {
        Shell.Result r = Shell.run(List.of("dpkg-query", "-W", "-f=${db:Status-Status}", NAME));
        return r.exit() == 0 ? r.out().strip() : "not-installed";
    }

    /** The files and folders dpkg lists for the installed package. */
    static List<Path> files() {
        return Shell.run(List.of("dpkg", "-L", NAME)).requireSuccess("dpkg -L").out().lines().filter(l -> l.startsWith("/"))
                .map(Path::of).toList();
    }
}
