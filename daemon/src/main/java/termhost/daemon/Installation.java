package termhost.daemon;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import termhost.daemon.config.Layout;
import termhost.daemon.os.NativeHelpers;
import termhost.daemon.os.Posix;

/**
 * Puts the commands on every session's PATH: copies the thin client's jars to {@code run/lib}
 * (readable by all) and writes one small wrapper per command name to {@code run/bin}.
 */
final class Installation {
    private static final String CLIENT_MAIN = "termhost.cli.Main";
    private static final String CLIENT_TRAINING = "termhost.cli.CdsTraining";
    private static final String COMMAND_NAMES = "termhost/cli/command-names";
    /** The commands' control-socket calls in C (cli/src/main/c), named to them by this property. */
    private static final String CLIENT_LIBRARY = "libtermhost-client.so";
    private static final String CLIENT_LIBRARY_PROPERTY = "termhost.client.native";

    /**
     * {@code reset} is also ncurses' terminal reset, which sessions' PATH would otherwise hide:
     * only {@code reset session} and {@code reset winsta} are ours.
     */
    private static final String RESET_PASS_THROUGH = "case \"$1\" in [Ss][Ee][Ss][Ss][Ii][Oo][Nn]|"
            + "[Ww][Ii][Nn][Ss][Tt][Aa]) ;; *) exec /usr/bin/reset \"$@\" ;; esac\n";

    /**
     * Login shells reset PATH in /etc/profile (Debian does), so a PATH set by the daemon alone would
     * not survive; this file, read by every login shell, puts the session's command folder back in
     * front. It is generic: which folder comes from the session's own environment.
     */
    static final Path PROFILE_HOOK = Path.of("/etc/profile.d/termhost.sh");
    static final String PROFILE_HOOK_TEXT = "# termhost: the RDS commands (query, logoff, ...) of the session's host\n"
            + "if [ -n \"${TERMHOST_BIN:-}\" ] && [ -d \"$TERMHOST_BIN\" ]; then\n"
            + "  case \":$PATH:\" in *\":$TERMHOST_BIN:\"*) ;; *) PATH=\"$TERMHOST_BIN:$PATH\"; export PATH ;; esac\n"
            + "fi\n";

    private Installation() {
    }

    static void install(Layout layout) throws IOException {
        Files.createDirectories(layout.libDir());
        Files.createDirectories(layout.binDir());
        Posix.chmod(layout.libDir(), 0755);
        Posix.chmod(layout.binDir(), 0755);
        List<String> classpath = new ArrayList<>();
        for (Path jar : clientJars()) {
            Path target = layout.libDir().resolve(jar.getFileName().toString());
            if (Files.isDirectory(jar)) {
                // running from classes (an IDE): point at them as they are
                classpath.add(jar.toString());
                continue;
            }
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            Posix.chmod(target, 0644);
            classpath.add(target.toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path archive = layout.libDir().resolve("cli.jsa");
        // the host launcher's JVM line (./termhost says why G1 and why cds logging is off)
        List<String> jvm = new ArrayList<>(List.of(java, "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-Xlog:cds*=off", "-Xss512k", "-cp", String.join(":", classpath)));
        Path library = clientLibrary();
        if (library != null) {
            // copied, as the jars are: a session's user may not read the daemon's own folders
            Path target = layout.libDir().resolve(CLIENT_LIBRARY);
            Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING);
            Posix.chmod(target, 0644);
            jvm.add(jvm.size() - 2, "-D" + CLIENT_LIBRARY_PROPERTY + "=" + target);
        }
        for (String name : commandNames()) {
            Path wrapper = layout.binDir().resolve(name);
            String exec = "exec " + jvm.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "))
                    + " " + CLIENT_MAIN + " " + name + " \"$@\"\n";
            String script = "#!/bin/sh\n"
                    + "# termhost command wrapper, written by the daemon at start-up\n"
                    + (name.equals("reset") ? RESET_PASS_THROUGH : "") + exec;
            Files.writeString(wrapper, script, StandardCharsets.UTF_8);
            Posix.chmod(wrapper, 0755);
        }
        lastJvm = List.copyOf(jvm);
    }

    private static volatile List<String> lastJvm;

    /** Dumps the client's classes once the daemon answers, so the archive holds a whole round trip. */
    static void archiveClientClasses(Layout layout) {
        if (lastJvm != null) {
            archiveClientClasses(lastJvm, layout.libDir().resolve("cli.jsa"), layout.controlSocket());
        }
    }

    /**
     * Dumps the classes the commands load into a CDS archive, in the background: the commands
     * then start in about two thirds of the time. Until it exists (or if it cannot be made), the
     * JVM silently starts without it.
     */
    private static void archiveClientClasses(List<String> jvm, Path archive, Path socket) {
        // dumped aside and moved in: a command that maps a half-written archive crashes its JVM
        Path aside = archive.resolveSibling(archive.getFileName() + ".new");
        List<String> cmd = new ArrayList<>(jvm);
        cmd.set(1, "-XX:ArchiveClassesAtExit=" + aside);
        cmd.add(CLIENT_TRAINING);
        Thread t = new Thread(() -> {
            try {
                Files.deleteIfExists(aside);
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                // a real request to this daemon: the archive gets the classes of a whole round trip
                pb.environment().put("TERMHOST_SOCKET", socket.toString());
                if (pb.start().waitFor() == 0 && Files.size(aside) > 0) {
                    Posix.chmod(aside, 0644);
                    Files.move(aside, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                // no archive: the commands start a little slower, nothing else changes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Files.deleteIfExists(aside);
                } catch (IOException e) {
                    // left for the next start's deleteIfExists
                }
            }
        }, "cds-archive");
        t.setDaemon(true);
        t.start();
    }

    /** Installs {@link #PROFILE_HOOK} when we may (root) and it is not there as we would write it. */
    static boolean installProfileHook() {
        try {
            if (Files.isRegularFile(PROFILE_HOOK) && Files.readString(PROFILE_HOOK).equals(PROFILE_HOOK_TEXT)) {
                return true;
            }
            if (!Files.isDirectory(PROFILE_HOOK.getParent()) || Posix.geteuid() != 0) {
                return false;
            }
            // written aside and renamed: a login shell reading it meanwhile sees the old file or the new,
            // never a half-written one (daemons side by side, as the tests run them, write it at once)
            Path aside = Files.createTempFile(PROFILE_HOOK.getParent(), ".termhost", ".sh");
            try {
                Files.writeString(aside, PROFILE_HOOK_TEXT, StandardCharsets.UTF_8);
                Posix.chmod(aside, 0644);
                Files.move(aside, PROFILE_HOOK, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(aside);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The PAM service every logon goes through, shipped as sshd's is by its package. The daemon
     * writes it only when it is missing (a root daemon started straight from the source tree has
     * it too), and never over an existing file: administrators edit PAM files (pam_access, a
     * second factor), and a start must not undo that, as dpkg keeps an edited conffile. Not in
     * {@code scripts/install-deps}, which installs what building and testing need on a developer's
     * machine: a host that only runs termhost needs the service as much.
     */
    static final Path PAM_SERVICE = Path.of("/etc/pam.d/termhost");
    static final String PAM_SERVICE_RESOURCE = "termhost/daemon/pam.d-termhost";

    /** Installs {@link #PAM_SERVICE} when it is missing and we may (root); true when it is there. */
    static boolean installPamService() {
        try {
            if (Files.exists(PAM_SERVICE)) {
                return true;
            }
            if (!Files.isDirectory(PAM_SERVICE.getParent()) || Posix.geteuid() != 0) {
                return false;
            }
            byte[] text;
            try (var in = Installation.class.getClassLoader().getResourceAsStream(PAM_SERVICE_RESOURCE)) {
                if (in == null) {
                    return false;
                }
                text = in.readAllBytes();
            }
            // written aside, then linked in: a link never replaces a file, so of daemons starting at
            // once one installs it and none overwrites what an administrator put there meanwhile
            Path aside = Files.createTempFile(PAM_SERVICE.getParent(), ".termhost", ".pam");
            try {
                Files.write(aside, text);
                Posix.chmod(aside, 0644);
                Files.createLink(PAM_SERVICE, aside);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another daemon was first
            } finally {
                Files.deleteIfExists(aside);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The jars (or class folders) of termhost-cli and termhost-api, found on the daemon's class
     * path by a resource of each: the daemon ships the client but never links against it.
     */
    static Set<Path> clientJars() {
        Set<Path> jars = new LinkedHashSet<>();
        jars.add(locationOf(CLIENT_MAIN.replace('.', '/') + ".class"));
        jars.add(locationOf("termhost/api/SessionState.class"));
        return jars;
    }

    /**
     * The commands' native library, with the daemon's helpers (daemon/target/native in a checkout,
     * /usr/lib/termhost from the package); null without it (the commands then use the JDK's socket,
     * 20 ms slower).
     */
    static Path clientLibrary() {
        Path library = NativeHelpers.located().directory().resolve(CLIENT_LIBRARY);
        return Files.isRegularFile(library) ? library : null;
    }

    /** The command names the client answers to (its list, kept beside its command table). */
    static List<String> commandNames() throws IOException {
        try (var in = Installation.class.getClassLoader().getResourceAsStream(COMMAND_NAMES)) {
            if (in == null) {
                throw new IOException(COMMAND_NAMES + " missing: termhost-cli is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static Path locationOf(String resource) {
        java.net.URL url = Installation.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the daemon's class path");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
                return Path.of(new java.net.URI(file));
            }
            // a class folder: strip the resource's own path
            Path p = Path.of(url.toURI());
            for (int i = resource.split("/").length; i > 0; i--) {
                p = p.getParent();
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + resource + ": " + url, e);
        }
    }
}
