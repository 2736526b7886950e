package termhost.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import termhost.daemon.admin.AdminService;
import termhost.daemon.admin.AuditQuery;
import termhost.daemon.admin.ConfigQuery;
import termhost.daemon.admin.ConnectionControl;
import termhost.daemon.admin.ConsoleSeat;
import termhost.daemon.admin.LogoffOperation;
import termhost.daemon.admin.LogonModeOperation;
import termhost.daemon.admin.ManagedSessions;
import termhost.daemon.admin.MessageOperation;
import termhost.daemon.admin.ProcessQuery;
import termhost.daemon.admin.QuerySessions;
import termhost.daemon.admin.RightsOperation;
import termhost.daemon.admin.UserQuery;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessGate;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.LogonThrottle;
import termhost.daemon.authz.OwnerPasswords;
import termhost.daemon.authz.PamLogons;
import termhost.daemon.authz.RedirectionGate;
import termhost.daemon.config.Layout;
import termhost.daemon.config.SettingKeys;
import termhost.daemon.config.Settings;
import termhost.daemon.config.SettingsLoader;
import termhost.daemon.control.ControlRequests;
import termhost.daemon.control.ControlSocketServer;
import termhost.daemon.farm.Farm;
import termhost.daemon.farm.FarmRelay;
import termhost.daemon.log.LogLine;
import termhost.daemon.log.LogSink;
import termhost.daemon.os.LinuxPam;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.NativeHelpers;
import termhost.daemon.os.Nologin;
import termhost.daemon.os.OsUsers;
import termhost.daemon.os.Pam;
import termhost.daemon.os.Posix;
import termhost.daemon.os.ServiceManager;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.process.CgroupContainment;
import termhost.daemon.process.Containment;
import termhost.daemon.process.TagContainment;
import termhost.daemon.process.UserCommand;
import termhost.daemon.session.LogonGreeting;
import termhost.daemon.session.ReconnectChoice;
import termhost.daemon.session.SessionCore;
import termhost.daemon.session.SessionEnvironment;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.Store;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.postgresql.PostgresCommandQueue;
import termhost.daemon.store.postgresql.PostgresFarmDirectory;
import termhost.daemon.store.postgresql.PostgresFarmLogons;
import termhost.daemon.store.sqlite.SqliteStore;
import termhost.daemon.terminal.Programs;
import termhost.daemon.terminal.PtyAttachment;
import termhost.daemon.terminal.TerminalIo;
import termhost.daemon.terminal.TmuxTerminal;
import termhost.daemon.transport.ssh.SshAlgorithms;
import termhost.daemon.transport.ssh.SshTransport;

/**
 * {@code termhost serve [--listen HOST:PORT] [--state-dir DIR] [--set KEY=VALUE ...]}: wires the
 * parts together, re-adopts the stored sessions, then opens the control socket and the SSH port.
 * SIGTERM stops it; sessions stay and are re-adopted at the next start.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** Its command line, as the client's help of serve ({@code termhost help serve}) shows it too. */
    static final String USAGE = "termhost serve [--listen HOST:PORT] [--state-dir DIR] [--set KEY=VALUE]...";
    /** As for every command, wherever they stand: the help, never a start. */
    private static final java.util.Set<String> HELP_SWITCHES = java.util.Set.of("--help", "-h", "/?");
    /** How long a stopping daemon gives its clients to read why they are disconnected. */
    private static final Duration CLIENTS_GONE_WAIT = Duration.ofSeconds(2);

    private final Settings settings;
    private final Store store;
    private final AuditLog audit;
    private final SessionCore sessions;
    private final Containment containment;
    private final ControlSocketServer control;
    private final SshTransport ssh;
    private final DueTimer timer;
    private final Clock clock;
    private final LogonControl logonControl;
    private final TerminalIo terminalIo;
    private final LoginRecords records;
    private final PamLogons pam;
    /** This host's membership of a farm, when {@code farm.url} is set. */
    private final Optional<Farm> farm;
    /** Relayed logons between the hosts of the farm, when there is one. */
    private final Optional<FarmRelay> relay;

    private Daemon(Settings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        Layout layout = settings.layout();
        boolean root = Posix.geteuid() == 0;
        prepareDirectories(layout);
        unpackNativeLibrariesUnder(layout.nativeLibDir());
        // SQLite makes the -wal and -shm files with the database file's mode: 0600 before the first open
        if (Files.notExists(layout.database())) {
            Files.createFile(layout.database());
        }
        Posix.chmod(layout.database(), 0600);
        Store local = SqliteStore.open(layout.database());
        farm = settings.farm().url().map(url -> new Farm(settings.farm(), new PostgresFarmDirectory(url),
                new PostgresFarmDirectory(url), new PostgresCommandQueue(url), local, clock));
        store = farm.map(Farm::store).orElse(local);
        for (String suffix : List.of("-wal", "-shm")) {
            Path side = Path.of(layout.database() + suffix);
            if (Files.exists(side)) {
                Posix.chmod(side, 0600); // made by an older version with the default mode
            }
        }
        audit = store.audit();
        OsUsers users = new OsUsers(clock);
        containment = root ? CgroupContainment.open(settings.cgroupName(), settings.caps())
                .<Containment>map(c -> c).orElseGet(() -> new TagContainment(settings.cgroupName()))
                : new TagContainment(settings.cgroupName());
        SessionEnvironment environment = new SessionEnvironment(layout, root);
        // only root writes the host's logon records, as sshd does; a user's own daemon is not the host's door
        records = root ? new LoginRecords(settings.utmp().orElse(null), settings.wtmp().orElse(null),
                settings.lastlog().orElse(null), layout.stateDir().resolve("open-logons"), clock) : LoginRecords.none();
        // before any session is adopted or made: the terminals of the last run's logons died with it
        records.closeLeftovers();
        logonControl = new LogonControl(store.hostSettings(), () -> farm.map(Farm::holdsNewSessions).orElse(false));
        terminalIo = new TerminalIo();
        UserCommand userCommand = new UserCommand(root, sessionLeader(root, containment), settings.pamService());
        timer = new DueTimer(clock);
        sessions = SessionCore.wire(new SessionCore.Parts(containment, TmuxTerminal.factory(userCommand),
                PtyAttachment.attacher(terminalIo, records), Programs.spawning(terminalIo, records), userCommand,
                environment, LogonGreeting.of(settings.motd(), records, ZoneId.systemDefault()), store.sessions(),
                audit, users, logonControl, clock, terminalIo), new SessionCore.Policy(settings.gracePeriod(),
                new ReconnectChoice.Policy(settings.multipleSessionsPerUser(), settings.reconnectSameClientOnly()),
                settings.limits()), timer::nudge);
        timer.add(sessions.reaper()::reap);
        timer.add(sessions.timeLimits()::run);
        sessions.recovery().adoptStored();
        farm.ifPresent(f -> {
            f.publishLogonMode(logonControl);
            f.publishActivity(() -> sessions.registry().sessions().stream().map(x -> new FarmDirectory.Activity(x.id(),
                    x.name().orElse(""), x.lastInputTime())).toList());
            f.start(); // after the re-adoption: the first publication is what survived
        });
        Installation.install(layout);
        if (!Installation.installProfileHook()) {
            log.warn("cannot install {}: login shells that reset PATH will not find the commands",
                    Installation.PROFILE_HOOK);
        }
        AccessPolicy policy = new AccessPolicy(users, store.permissions());
        pam = new PamLogons(hostPam(settings), settings.pamService(), SshTransport.AUTH_TIMEOUT);
        LogonThrottle throttle = new LogonThrottle(clock, settings.logonMaxFailuresPerMinute(), Duration.ofMinutes(1));
        ManagedSessions managed = ManagedSessions.of(sessions);
        ConsoleSeat console = ConsoleSeat.system();
        String hostName = hostName();
        AccessGate accessGate = new AccessGate(policy, audit, clock);
        AdminService admin = new AdminService(accessGate, managed, new AdminService.Operations(
                new QuerySessions(managed, console, hostName, clock, farm),
                new UserQuery(managed, console, hostName, clock, farm),
                new ProcessQuery(managed),
                new LogoffOperation(managed, farm),
                new ConnectionControl(managed, new OwnerPasswords(pam, throttle, SshTransport.AUTH_TIMEOUT)),
                new MessageOperation(managed),
                new AuditQuery(audit),
                new RightsOperation(policy, users, audit, clock),
                new ConfigQuery(settings, containment.describe()),
                new LogonModeOperation(logonControl, audit, clock, farm)), farm);
        // a command from another host runs as its caller would here, with no progress to show
        farm.ifPresent(f -> f.startCommands((caller, request) -> admin.handle(caller, request, event -> { }), audit,
                users));
        control = new ControlSocketServer(layout.controlSocket(), new ControlRequests(admin, sessions.registry(), users),
                64);
        relay = settings.farm().url().map(url -> new FarmRelay(settings.farm(), settings.relay(),
                new PostgresFarmLogons(url), audit, clock));
        LogonGate gate = new LogonGate(users, policy, new Nologin(), pam, audit, clock, root ? null : Posix.getuid());
        ssh = new SshTransport(settings.listenHost(), settings.listenPort(), settings.maxStartups(), layout.hostKeys(),
                settings.keepAliveInterval(), settings.keepAliveCountMax(), gate, throttle, pam, settings.authMethods(),
                settings.trustedUserCaKeys().orElse(null),
                SshAlgorithms.of(settings.sshCiphers(), settings.sshMacs(), settings.sshKexAlgorithms()),
                settings.banner(), new RedirectionGate(policy, settings.redirect(), audit, clock), sessions,
                terminalIo, relay);
    }

    /**
     * The session leader (termhost-leader), which opens each session's PAM session stack: only a
     * root daemon with cgroups uses it. Without it sessions start all the same, without pam_limits,
     * pam_env, pam_loginuid: said loudly, as a missing cgroup is.
     */
    private static Optional<Path> sessionLeader(boolean root, Containment containment) {
        if (!root || !containment.isStrict()) {
            return Optional.empty();
        }
        NativeHelpers helpers = NativeHelpers.located();
        Optional<Path> leader = helpers.find("termhost-leader");
        if (leader.isEmpty()) {
            log.warn("no termhost-leader in {}: sessions start without the PAM session stack (limits, environment,"
                    + " loginuid)", helpers.directory());
        }
        return leader;
    }

    /**
     * The host's libpam, with its service installed when missing. Without libpam keys still work
     * (with termhost's own account checks only); a setting that names a PAM method stops the start
     * instead, since a method silently not offered is worse than a refusal to start.
     */
    private static Pam hostPam(Settings settings) {
        if (!Installation.installPamService()) {
            log.warn("cannot install {}: PAM falls back to its 'other' service", Installation.PAM_SERVICE);
        }
        StringBuilder why = new StringBuilder();
        Optional<Pam> pam = LinuxPam.load(why);
        if (pam.isEmpty()) {
            if (settings.authMethods().usePam()) {
                throw new IllegalStateException("auth.methods '" + settings.authMethods() + "' needs PAM, which cannot"
                        + " be loaded: " + why);
            }
            log.warn("PAM cannot be loaded ({}): logons by key skip the host's PAM account stack", why);
        }
        return pam.orElse(null);
    }

    /** The host's name, as HostServer in the session listings. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Makes the directories with their modes: state 0700 (store, host key), run 0711. */
    private static void prepareDirectories(Layout layout) throws IOException {
        for (Path p : List.of(layout.configDir(), layout.stateDir(), layout.runDir())) {
            Files.createDirectories(p);
        }
        if (!layout.configDir().equals(layout.stateDir().getParent())) {
            Posix.chmod(layout.configDir(), 0755);
        } else {
            Posix.chmod(layout.configDir(), 0711);
        }
        Posix.chmod(layout.stateDir(), 0700);
        Posix.chmod(layout.runDir(), 0711);
        Path sessionsDir = layout.runDir().resolve("sessions");
        Files.createDirectories(sessionsDir);
        Posix.chmod(sessionsDir, 0711);
    }

    /**
     * sqlite-jdbc unpacks its native library into java.io.tmpdir and deletes it only at a normal
     * exit, so every crash or kill -9 left about 1 MB in /tmp for good. It goes into our own
     * directory instead, emptied first: what is there was left by a daemon that is gone (a running
     * one keeps its mapping of a deleted file).
     */
    private static void unpackNativeLibrariesUnder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var stale = Files.list(dir)) {
                for (Path f : (Iterable<Path>) stale::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.createDirectories(dir);
        Posix.chmod(dir, 0700);
        System.setProperty("org.sqlite.tmpdir", dir.toString());
    }

    public static Daemon start(Settings settings, Clock clock) throws IOException {
        Daemon d = new Daemon(settings, clock);
        d.control.start();
        Installation.archiveClientClasses(settings.layout());
        d.ssh.start();
        d.relay.ifPresent(r -> r.listening(sshAddress(settings, d.port())));
        for (Path key : settings.layout().hostKeys()) {
            Posix.chmod(key, 0600);
        }
        d.timer.nudge();
        d.audit.record(new AuditEvent(clock.instant(), AuditType.DAEMON_START, "termhost", Posix.geteuid(),
                "start-up", null, null, "success", "listening on " + settings.listenHost() + ":" + d.port()));
        return d;
    }

    public int port() {
        return ssh.port();
    }

    /**
     * Where the other hosts of the farm reach this one's SSH listener: the listen address, or, when
     * that is a wildcard, this host's name in the farm (which must then resolve to it).
     */
    private static String sshAddress(Settings settings, int port) {
        String host = settings.listenHost();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = settings.farm().host();
        }
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    public Containment containment() {
        return containment;
    }

    @Override
    public void close() {
        timer.close();
        // the reason first, while the connections can still carry it; then the listener and
        // whatever connection has not closed by then
        sessions.attachments().detachAll("termhost is restarting; your session keeps running. Log on again to reconnect.");
        try {
            ssh.awaitClientsGone(CLIENTS_GONE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ssh.close();
        } catch (IOException e) {
            log.warn("closing the SSH listener: {}", e.getMessage());
        }
        terminalIo.close();
        // the connections' logouts, if their terminals' release has not written them yet
        records.closeAll();
        control.close();
        pam.close();
        if (containment instanceof CgroupContainment c && sessions.registry().sessions().isEmpty()) {
            // no session left to re-adopt: leave no empty folder of ours in the cgroup tree
            c.removeParentIfEmpty();
        }
        try {
            audit.record(new AuditEvent(Instant.now(clock), AuditType.DAEMON_STOP, "termhost", Posix.geteuid(),
                    "shutdown", null, null, "success", sessions.registry().sessions().size() + " sessions left running"));
            farm.ifPresent(Farm::close); // copies the records up to this one, and marks the host stopped
            relay.ifPresent(FarmRelay::close);
            store.close();
        } catch (StoreException e) {
            log.warn("closing the store: {}", e.getMessage());
        }
        log.info("stopped; {} sessions left running, for the next start to re-adopt",
                sessions.registry().sessions().size());
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        LogLine form = LogSink.stderr().form();
        if (args.length == 0 || !args[0].equals("serve")) {
            System.err.println(form.prefix(Level.ERROR) + "usage: " + USAGE);
            System.exit(2);
        }
        if (List.of(args).stream().anyMatch(HELP_SWITCHES::contains)) {
            // ./termhost answers these with the client's help; run directly, the daemon still never starts
            out.println("usage: " + USAGE);
            out.println("The options are explained by: termhost help serve");
            System.exit(0);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Path stateDir = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--listen" -> overrides.put(SettingKeys.LISTEN.key(), value(args, ++i, "--listen"));
                    case "--state-dir" -> stateDir = Path.of(value(args, ++i, "--state-dir"));
                    case "--set" -> {
                        String kv = value(args, ++i, "--set");
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + kv + "'");
                        }
                        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            boolean root = Posix.geteuid() == 0;
            Layout layout = stateDir != null ? Layout.under(stateDir) : Layout.system(root, System.getenv());
            Settings settings = SettingsLoader.load(layout, overrides);
            Daemon d = start(settings, Clock.systemUTC());
            Optional<ServiceManager> manager = ServiceManager.fromEnvironment(System.getenv());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                manager.ifPresent(m -> tell(m::stopping, "stopping; sessions keep running"));
                d.close();
                stopped.countDown();
            }, "shutdown"));
            banner(out, form, settings, d, root, stateDir == null);
            // systemd (Type=notify) takes the service as started once the SSH port is open
            manager.ifPresent(m -> tell(m::ready, "listening on " + settings.listenHost() + ":" + d.port()));
            stopped.await();
        } catch (IllegalArgumentException e) {
            System.err.println(form.prefix(Level.ERROR) + "termhost: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println(form.prefix(Level.ERROR) + "termhost: cannot start: " + e.getMessage());
            log.debug("start-up failure", e);
            System.exit(1);
        }
    }

    /** A message to the service manager; one that cannot be sent is logged, never fatal. */
    private static void tell(ServiceManager.Message message, String status) {
        try {
            message.send(status);
        } catch (IOException e) {
            log.warn("cannot notify the service manager: {}", e.getMessage());
        }
    }

    /**
     * What the daemon says once it listens. In a terminal, a short start-up for the person who ran
     * it: where it listens, how processes are contained, what is wrong, how to connect. In the
     * journal, the facts alone, a line each with its priority.
     */
    private static void banner(PrintStream out, LogLine form, Settings s, Daemon d, boolean root,
            boolean systemLayout) {
        boolean terminal = form == LogLine.TERMINAL;
        String indent = terminal ? "  " : form.prefix(Level.INFO);
        String warning = terminal ? "  WARNING: " : form.prefix(Level.WARN);
        out.println(form.prefix(Level.INFO) + "termhost listening on " + s.listenHost() + ":" + d.port()
                + " (state in " + s.layout().stateDir() + ")");
        out.println(indent + "processes contained by " + d.containment.describe());
        if (!d.containment.isStrict()) {
            out.println(warning + "no cgroup could be made; logoff cannot reach processes that clear their"
                    + " environment. Run as root for full containment.");
        }
        unreachableAncestor(s.layout().runDir()).ifPresent(dir -> out.println(warning + dir
                + " is not searchable by other users (no o+x): their sessions cannot reach their terminals"
                + " or the commands. Use a state directory under a path every user may traverse."));
        if (!root) {
            out.println(indent + "running as " + System.getProperty("user.name") + " (not root): only this user may"
                    + " log on");
        }
        if (terminal) {
            out.println("  connect:   ssh -p " + d.port() + " " + (root ? "USER" : System.getProperty("user.name"))
                    + "@" + s.listenHost());
            out.println("  sessions:  " + (systemLayout ? "termhost query session"
                    : "TERMHOST_STATE_DIR=" + s.layout().stateDir().getParent() + " ./termhost query session"));
        }
        for (Path missing : d.records.missingFiles()) {
            out.println(indent + "note: " + missing + " does not exist: logons are not recorded there (see records.*)");
        }
        out.flush();
    }

    /** The first folder above {@code dir} that other users cannot pass through, if any. */
    static java.util.Optional<Path> unreachableAncestor(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return java.util.Optional.of(p);
                }
            } catch (IOException e) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
