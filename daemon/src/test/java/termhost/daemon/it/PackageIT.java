package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import termhost.daemon.PackagedFiles;

/**
 * Issue 14: the Debian package on this machine, as an administrator has it. Built from this build's
 * jars, installed with dpkg, its daemon started exactly as the unit's ExecStart (systemd is not PID 1
 * here: the test does what systemd would, in a delegated group it made), a user logged on, then
 * upgraded to a higher version with the session open (it survives and is reconnected), removed
 * (the state stays) and purged (nothing stays).
 *
 * <p>Isolated: /etc/termhost, /var/lib/termhost, /run/termhost and the commands in /usr/bin are the
 * host's own. The test refuses to start where any of them exists, and purges the package whatever
 * happens. /etc/profile.d/termhost.sh, which every test daemon writes too, is put back as it was.
 */
@Isolated
@ExtendWith(RootRequired.class)
class PackageIT {
    private static final Path MAN = Path.of("/usr/share/man");
    private static final Path UNIT_FILE = Path.of("/lib/systemd/system/termhost.service");
    private static final Path CONF = Path.of("/etc/termhost/termhost.conf");
    private static final Path STATE = Path.of("/var/lib/termhost");
    private static final Path RUN = Path.of("/run/termhost");
    /** The commands' class-data archive that postinst makes. */
    private static final Path ARCHIVE = Path.of("/var/cache/termhost/cli.jsa");
    private static final Path PROFILE_HOOK = Path.of("/etc/profile.d/termhost.sh");
    /** On the host's PATH: the RDS names no Debian package has. */
    private static final List<String> HOST_COMMANDS = List.of("logoff", "qwinsta", "quser", "qprocess", "rwinsta",
            "tsdiscon", "tscon");
    /** Only inside sessions and as termhost NAME: common words, and ncurses' reset. */
    private static final List<String> SESSION_ONLY = List.of("query", "msg", "change", "reset");
    /** What dpkg and deb-systemd-helper make for an installed, enabled (or masked) unit. */
    private static final List<Path> SYSTEMD_STATE = List.of(
            Path.of("/etc/systemd/system/multi-user.target.wants/termhost.service"),
            Path.of("/etc/systemd/system/termhost.service"),
            Path.of("/var/lib/systemd/deb-systemd-helper-enabled/termhost.service.dsh-also"),
            Path.of("/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/termhost.service"),
            Path.of("/var/lib/systemd/deb-systemd-helper-masked/termhost.service"));

    @TempDir
    Path tmp;

    @Test
    void installedRunAsItsUnitUpgradedUnderAnOpenSessionRemovedAndPurged() throws Exception {
        assertThat(DebianPackage.status()).as("the termhost package is on this machine; the test would replace it")
                .isIn("not-installed", "unknown");
        for (Path p : List.of(CONF.getParent(), STATE, RUN, ARCHIVE.getParent())) {
            assertThat(p).as("left by something else; the test would delete it").doesNotExist();
        }
        Optional<String> hookBefore = Files.exists(PROFILE_HOOK) ? Optional.of(Files.readString(PROFILE_HOOK))
                : Optional.empty();
        Path first = DebianPackage.build("0.1.0~it1", tmp.resolve("debs"));
        Path upgrade = DebianPackage.build("0.1.0~it2", tmp.resolve("debs"));
        List<AutoCloseable> made = new ArrayList<>();
        InstalledDaemon[] daemon = new InstalledDaemon[1];
        try {
            NotifySocket manager = NotifySocket.bind(tmp.resolve("notify"));
            made.add(manager);
            ServiceCgroup unit = ServiceCgroup.make(true);
            made.add(unit);
            TestUser alice = TestUser.create(tmp);
            made.add(alice);

            DebianPackage.dpkg("-i", first.toString()).requireSuccess("dpkg -i " + first);
            installedAsDebianExpects();
            unitVerifies();
            manualPagesRead();
            // the administrator's own setting, which an upgrade must keep: any free port, as beside other tests
            Files.writeString(CONF, Files.readString(CONF) + "listen = 127.0.0.1:0\n");

            daemon[0] = InstalledDaemon.start(UNIT_FILE, unit, manager, tmp.resolve("daemon.log"));
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.received("READY=1"));
            assertThat(Procs.cgroupOf(daemon[0].pid())).isEqualTo(unit.name() + "/daemon");

            SshClient ssh = new SshClient(() -> daemon[0].port(), alice);
            long shell;
            try (Terminal term = ssh.interactive(tmp, 120, 40)) {
                shell = Long.parseLong(term.run("echo $$"));
                assertThat(Procs.cgroupOf(shell)).isEqualTo(unit.name() + "/session-2");
                // inside a session every command is on the PATH, through the daemon's wrappers
                for (String c : List.of("logoff", "query", "msg", "change", "reset")) {
                    assertThat(term.run("command -v " + c)).isEqualTo(RUN.resolve("bin").resolve(c).toString());
                }
                assertThat(term.run("query session")).contains(">ssh#").contains(alice.name());
                assertThat(hostCommand("/usr/bin/qwinsta").out()).contains(alice.name());
                // host commands start from the class-data archive postinst made of the client
                Shell.Result traced = hostCommand("bash", "-x", "/usr/bin/termhost", "qwinsta");
                assertThat(traced.err()).contains("-XX:SharedArchiveFile=" + ARCHIVE);
                assertThat(traced.out()).contains(alice.name()).doesNotContain("cds");
                assertThat(hostCommand("/usr/bin/termhost", "query", "user").out()).contains(alice.name());
                term.run("echo written-before-the-upgrade");

                // the upgrade as systemd runs it: prerm stops the unit, dpkg unpacks, postinst starts it
                daemon[0].stop();
                await().atMost(Duration.ofSeconds(20)).until(term::clientExited);
                assertThat(term.screen()).contains("termhost is restarting; your session keeps running");
            }
            assertThat(manager.received("STOPPING=1")).isTrue();
            assertThat(Procs.alive(shell)).as("the session outlives the stop").isTrue();
            DebianPackage.dpkg("-i", upgrade.toString()).requireSuccess("dpkg -i " + upgrade);
            assertThat(DebianPackage.installedVersion()).contains("0.1.0~it2");
            assertThat(Files.readString(CONF)).as("the administrator's conffile").endsWith("listen = 127.0.0.1:0\n");
            daemon[0] = InstalledDaemon.start(UNIT_FILE, unit, manager, tmp.resolve("daemon.log"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> manager.messages().stream().filter(m -> m.contains("READY=1")).count() == 2);

            assertThat(SessionList.parse(hostCommand("/usr/bin/termhost", "query", "session").out())
                    .ofUser(alice.name())).get().satisfies(r -> {
                        assertThat(r.id()).isEqualTo(2);
                        assertThat(r.state()).isEqualTo("Disc");
                    });
            try (Terminal again = ssh.interactive(tmp, 120, 40)) {
                again.awaitScreen("written-before-the-upgrade");
                assertThat(Long.parseLong(again.run("echo $$"))).isEqualTo(shell);
                assertThat(Procs.cgroupOf(shell)).isEqualTo(unit.name() + "/session-2");
            }
            hostCommand("/usr/bin/logoff", "2");
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(unit.path().resolve("session-2")));
            daemon[0].stop();
            loggedForTheJournal(tmp.resolve("daemon.log"));

            DebianPackage.dpkg("-r", DebianPackage.NAME).requireSuccess("dpkg -r");
            assertThat(Path.of("/usr/bin/termhost")).doesNotExist();
            assertThat(ARCHIVE.getParent()).as("removal takes the archive, made by postinst").doesNotExist();
            assertThat(STATE.resolve("termhost.db")).as("removal keeps the state").exists();
            assertThat(CONF).as("and the configuration").exists();

            DebianPackage.dpkg("--purge", DebianPackage.NAME).requireSuccess("dpkg --purge");
            assertThat(DebianPackage.status()).isEqualTo("not-installed");
            List<Path> left = new ArrayList<>(List.of(CONF.getParent(), STATE, RUN, PROFILE_HOOK,
                    Path.of("/usr/share/termhost"), Path.of("/usr/share/doc/termhost"), UNIT_FILE));
            left.addAll(SYSTEMD_STATE);
            HOST_COMMANDS.forEach(c -> left.add(Path.of("/usr/bin", c)));
            assertThat(left.stream().filter(Files::exists).toList()).as("left after purge").isEmpty();
        } finally {
            if (daemon[0] != null && daemon[0].alive()) {
                daemon[0].stop();
            }
            for (int i = made.size() - 1; i >= 0; i--) {
                made.get(i).close();
            }
            if (!DebianPackage.status().equals("not-installed")) {
                DebianPackage.dpkg("--purge", DebianPackage.NAME);
            }
            if (hookBefore.isPresent() && !Files.exists(PROFILE_HOOK)) {
                Files.writeString(PROFILE_HOOK, hookBefore.get());
            }
        }
    }

    /** The files where Debian puts them, from the daemon's own tables, and the names where they belong. */
    private static void installedAsDebianExpects() throws Exception {
        assertThat(DebianPackage.installedVersion()).contains("0.1.0~it1");
        PackagedFiles.files().forEach((path, text) -> assertThat(path).hasContent(text));
        String commandList = hostCommand("/usr/bin/termhost", "--help").out();
        for (String c : HOST_COMMANDS) {
            Path onPath = Path.of("/usr/bin", c);
            assertThat(onPath.toRealPath()).isEqualTo(Path.of("/usr/bin/termhost"));
            // the command's own help, as "termhost NAME /?" prints it, not the list of commands
            assertThat(hostCommand(onPath.toString(), "/?").out()).as(c + " /?")
                    .isEqualTo(hostCommand("/usr/bin/termhost", c, "/?").out()).isNotEqualTo(commandList);
        }
        List<Path> files = DebianPackage.files();
        for (String c : SESSION_ONLY) {
            assertThat(files).doesNotContain(Path.of("/usr/bin", c));
        }
        assertThat(Shell.run(List.of("dpkg", "-S", "/usr/bin/reset")).out()).startsWith("ncurses-bin:");
        assertThat(files).contains(Path.of("/usr/share/termhost/termhost-daemon.jar"), UNIT_FILE);
    }

    /**
     * What the packaged daemon wrote over its two runs, for the journal: a syslog priority on every
     * line, and only termhost's lines: one SLF4J binding (the package's lib/ had a stale second one
     * once), no library at INFO.
     */
    private static void loggedForTheJournal(Path log) throws Exception {
        // the last line of each run, copied to the file by a thread of ours once the daemon wrote it
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("<6>Daemon: stopped; ")).count() == 2);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not two '<6>Daemon: stopped;' lines in:\n" + Files.readString(log), e);
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("the packaged daemon's output")
                .allSatisfy(l -> assertThat(l).matches("<[0-7]>.*").doesNotContain("SLF4J", "org.apache"))
                .filteredOn(l -> l.startsWith("<6>termhost listening on ")).hasSize(2);
    }

    /**
     * systemd-analyze verify of the installed unit. It exits 0 on a misspelt key or a value it cannot
     * parse (it says so on stderr and ignores the line, as systemd would): so nothing on stderr either.
     */
    private static void unitVerifies() {
        Shell.Result r = Shell.run(List.of("systemd-analyze", "verify", UNIT_FILE.toString()))
                .requireSuccess("systemd-analyze verify " + UNIT_FILE);
        assertThat(r.err() + r.out()).as("systemd-analyze verify " + UNIT_FILE).isEmpty();
    }

    /**
     * Every page the package installed, as a user asks for it ({@code man [-L ru] SECTION NAME}) and
     * as {@code man -l FILE} reads it (but for aliases): the same text both ways.
     */
    private static void manualPagesRead() throws IOException {
        List<Path> pages = DebianPackage.files().stream().filter(p -> p.startsWith(MAN)).toList();
        assertThat(pages).as("the package's manual pages").contains(MAN.resolve("man1/logoff.1"),
                MAN.resolve("ru/man1/logoff.1"), MAN.resolve("man5/termhost.conf.5"), MAN.resolve("man8/termhost.8"));
        for (Path page : pages) {
            if (!Files.isRegularFile(page)) {
                continue;
            }
            boolean russian = MAN.relativize(page).startsWith("ru");
            String file = page.getFileName().toString();
            String name = file.substring(0, file.lastIndexOf('.'));
            String section = file.substring(file.lastIndexOf('.') + 1);
            List<String> cmd = new ArrayList<>(List.of("man"));
            if (russian) {
                cmd.addAll(List.of("-L", "ru"));
            }
            cmd.addAll(List.of(section, name));
            // only -L chooses the language; an alias page (.so) shows the page it names
            Shell.Result r = Shell.run(cmd, Map.of("MANPATH", MAN.toString(), "MANWIDTH", "80", "LANG", "C.UTF-8",
                    "LC_ALL", "C.UTF-8", "LANGUAGE", "", "MANPAGER", "cat", "PAGER", "cat"), null,
                    Duration.ofSeconds(30)).requireSuccess(String.join(" ", cmd));
            assertThat(r.out()).as(page.toString()).contains(russian ? "НАЗВАНИЕ" : "NAME");
            assertThat(r.err()).as(page.toString()).isEmpty();
            if (Files.readString(page).startsWith(".so ")) {
                continue; // an alias: only man's lookup, from the top of its tree, finds the page it names
            }
            // and the file itself, as man -l reads a page that is not on MANPATH
            Shell.Result read = Shell.run(List.of("man", "-l", page.toString()), Map.of("MANWIDTH", "80",
                    "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8", "MANPAGER", "cat", "PAGER", "cat"), null,
                    Duration.ofSeconds(30)).requireSuccess("man -l " + page);
            assertThat(read.out()).as("man -l " + page).isEqualTo(r.out());
        }
    }

    /** A command on the host, as root, against the installed daemon's socket. */
    private static Shell.Result hostCommand(String... cmd) {
        return Shell.run(List.of(cmd), Map.of("LANG", "C.UTF-8"), null, Duration.ofSeconds(60))
                .requireSuccess(String.join(" ", cmd));
    }
}
