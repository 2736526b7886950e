package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.WelcomeBannerPhase;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.global.CancelTcpipForwardHandler;
import org.apache.sshd.server.global.TcpipForwardHandler;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.LogonThrottle;
import termhost.daemon.authz.PamLogons;
import termhost.daemon.authz.RedirectionGate;
import termhost.daemon.config.AuthMethods;
import termhost.daemon.config.MaxStartups;
import termhost.daemon.farm.FarmRelay;
import termhost.daemon.session.SessionCore;
import termhost.daemon.terminal.TerminalIo;

/**
 * The SSH listener (Apache MINA SSHD), adapted to the session domain. Only this package knows
 * MINA: a shell request becomes an interactive logon, an exec request an exec session running the
 * command line in the user's shell.
 */
public final class SshTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SshTransport.class);

    private final SshServer server;
    private final ClientAlive clientAlive;
    private final HandshakeQueue handshakes;
    private final SessionCore sessions;
    /** Relayed logons, when this host is in a farm that relays them; else null. */
    private final Relaying relaying;

    public SshTransport(String host, int port, MaxStartups startups, List<Path> hostKeys, Duration keepAlive,
            int keepAliveMax, LogonGate gate, LogonThrottle throttle, PamLogons pam, AuthMethods methods,
            Path trustedUserCaKeys, SshAlgorithms algorithms, Optional<Path> banner, RedirectionGate redirections,
            SessionCore sessions, TerminalIo io, Optional<FarmRelay> farmRelay) {
        this.sessions = sessions;
        ConnectionRedirections redirect = new ConnectionRedirections(redirections, io);
        server = SshServer.setUpDefaultServer();
        server.setHost(host);
        server.setPort(port);
        SimpleGeneratorHostKeyProvider ed25519 = generated(hostKeys.get(0), SecurityUtils.EDDSA, 256);
        server.setKeyPairProvider(hostKeys(ed25519, generated(hostKeys.get(1), KeyUtils.EC_ALGORITHM, 256)));
        // a farm host relays logons with its own host key (hostbased), and admits those of the others
        this.relaying = farmRelay.filter(FarmRelay::enabled)
                .map(r -> new Relaying(r, ed25519.loadKeys(null).iterator().next())).orElse(null);
        server.setPublickeyAuthenticator(new PublicKeyLogon(gate, throttle, new UserCertificates(trustedUserCaKeys),
                Clock.systemDefaultZone()));
        server.setServiceFactories(UserAuthService.factories());
        List<UserAuthFactory> factories = userAuthFactories(methods, new LogonChecks(gate, throttle, pam));
        String offered = methods.toString();
        if (relaying != null) {
            // offered to every client, as sshd lists it; only a pinned farm host gets through
            factories.add(new FarmHostBased.Factory(gate));
            offered += " hostbased";
        }
        server.setUserAuthFactories(factories);
        CoreModuleProperties.AUTH_METHODS.set(server, offered);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(relaying == null ? null : new FarmHostBased(gate, farmRelay.get()));
        // MINA's forwarding connects, binds and serves the agent inside the JVM, as root: never used.
        // Ours opens every socket in a helper running as the user (DirectChannel, RemoteForwardRequests),
        // asking the connection's Redirections (ConnectionRedirections.decided); the agent and X11
        // requests pass the same policy here, so their refusals are audited with the reason
        server.setForwardingFilter(redirect);
        server.addSessionListener(redirect);
        algorithms.applyTo(server);
        // without it a client with a small window (Dropbear's 24 KiB, AsyncSSH's) waits for Nagle at
        // every window: dbclient got 1.2 MB/s instead of 50, AsyncSSH 23 instead of 100 and more;
        // it also sends keystrokes' echoes at once
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        // a key's forced command (command=, a certificate's force-command) replaces whatever the
        // client asked for, as with sshd: a shell request runs it in a session of its own, never
        // in the user's interactive one, which would give the key the shell it was denied
        server.setShellFactory(channel -> forced(channel, null, false, "").orElseGet(() -> shell(channel)));
        // a command line is the user's shell's, as with OpenSSH: RDS commands too run there, from
        // the session's PATH, so pipes, redirections and /server: work as the user typed them
        server.setCommandFactory((channel, command) -> forced(channel, command, false, "")
                .orElseGet(() -> new ExecCommand(sessions, command, null)));
        server.setChannelFactories(List.of(SessionChannel.FACTORY, DirectChannel.tcpip(sessions.tunnels(), io),
                DirectChannel.streamlocal(sessions.tunnels(), io)));
        // ssh -R: our listeners, bound by the user's helper, instead of MINA's in the JVM
        List<RequestHandler<ConnectionService>> global = new ArrayList<>(List.of(
                new RemoteForwardRequests(sessions.tunnels(), io)));
        server.getGlobalRequestHandlers().stream()
                .filter(h -> !(h instanceof TcpipForwardHandler) && !(h instanceof CancelTcpipForwardHandler))
                .forEach(global::add);
        server.setGlobalRequestHandlers(global);
        // file transfer is OpenSSH's own sftp-server, run as the user like any command line: the
        // root daemon never opens a file on a user's behalf
        sftpServer().ifPresent(path -> server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            /** Refused (null: MINA answers failure, as sshd does for a subsystem it has not) by redirect.files. */
            @Override
            public Command createSubsystem(ChannelSession channel) {
                return redirect.sftpFlags(channel.getServerSession()).map(flags -> forced(channel, path + flags, true,
                        flags).orElseGet(() -> new ExecCommand(sessions, path + flags, null))).orElse(null);
            }
        })));
        // a session outlives its connection, so an idle connection is fine; a dead one is found by
        // keep-alives: no reply to keepAliveMax requests in a row closes it (MINA's HEARTBEAT_*
        // settings do that for its client only, see ClientAlive)
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(server, Duration.ZERO);
        clientAlive = new ClientAlive(keepAlive, keepAliveMax);
        server.addSessionListener(clientAlive);
        server.addSessionListener(new ConnectionEnd()); // why it ended, for the disconnect's audit row
        // a logon storm: the banner goes out at accept, handshakes queue on a few workers (see
        // HandshakeQueue), twice the CPUs: a handshake is mostly CPU (X25519, Ed25519), but its
        // look-ups (NSS, a home on NFS) may block a while. Connections not yet accepted wait in the
        // kernel's queue, which the JDK would leave at 50: SYNs of a burst beyond it were dropped
        // (clients retry after 1, 3, 7 s: "Connection timed out" with ConnectTimeout=10); the
        // kernel caps it at somaxconn
        handshakes = new HandshakeQueue(server, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), startups);
        server.setSessionFactory(handshakes);
        server.addSessionListener(handshakes);
        CoreModuleProperties.SOCKET_BACKLOG.set(server, 1024);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, 6);
        // sshd's LoginGraceTime: time to read and type a one-time code, or to wait a turn in a logon storm
        CoreModuleProperties.AUTH_TIMEOUT.set(server, AUTH_TIMEOUT);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "termhost");
        banner.ifPresent(file -> {
            // MINA reads a Path at each connection (a missing or empty file sends none), as sshd reads
            // its Banner; and sends it when the first userauth request comes, as sshd does
            CoreModuleProperties.WELCOME_BANNER.set(server, file);
            CoreModuleProperties.WELCOME_BANNER_PHASE.set(server, WelcomeBannerPhase.FIRST_REQUEST);
            CoreModuleProperties.WELCOME_BANNER_CHARSET.set(server, StandardCharsets.UTF_8);
        });
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session session) {
                if (!(session instanceof ServerSession s)) {
                    return;
                }
                ConnectionForwards.connectionClosed(s);
                // a module still waiting for this client's answers gets PAM_CONV_ERR and ends
                java.util.Optional.ofNullable(s.getAttribute(InteractiveMethod.DIALOGUE)).ifPresent(d -> d.close());
                if (!s.isAuthenticated()) {
                    String user = s.getAttribute(PublicKeyLogon.TRIED_USER);
                    if (user != null) {
                        // the throttle slows down guessing: a client that proved who it is did not
                        // guess, and failed passwords were counted one by one
                        if (s.getAttribute(PublicKeyMethod.REFUSED_WHEN_PROVEN) == null
                                && s.getAttribute(PamMethod.GUESSES_COUNTED) == null) {
                            throttle.failed(ChannelCommand.hostOf(s.getClientAddress()));
                        }
                        gate.refused(user, ChannelCommand.format(s.getClientAddress()),
                                String.valueOf(s.getAttribute(PublicKeyLogon.REFUSAL)));
                    }
                }
            }
        });
    }

    /**
     * The forced command of the connection's key, run instead of what the client asked for
     * ({@code requested}: a command line, a subsystem's server, or null for a shell), which the
     * command finds in {@code SSH_ORIGINAL_COMMAND}. {@code sftpFlags}: what {@code redirect.files}
     * adds to an SFTP server's command line ({@code -R}), a forced {@code internal-sftp}'s too.
     */
    private Optional<Command> forced(ChannelSession channel, String requested, boolean subsystem, String sftpFlags) {
        String command = PublicKeyLogon.keyOptions(channel.getServerSession()).command();
        if (command == null) {
            return Optional.empty();
        }
        log.info("{}: the key's forced command runs instead of {}", ChannelCommand.addressOf(channel),
                requested == null ? "a shell" : "'" + requested + "'");
        if (command.equals(INTERNAL_SFTP) || command.startsWith(INTERNAL_SFTP + " ")) {
            // sshd's in-process server, for sftp-only keys: ours is sftp-server, with the same flags
            Optional<String> server = sftpServer();
            if (subsystem && server.isPresent()) {
                command = server.get() + command.substring(INTERNAL_SFTP.length()) + sftpFlags;
            } else {
                command = "echo 'This service allows sftp connections only.' >&2; exit 1";
            }
        }
        return Optional.of(new ExecCommand(sessions, command, requested));
    }

    /** sshd's name for its own SFTP server, as a forced command names it. */
    private static final String INTERNAL_SFTP = "internal-sftp";

    /**
     * The user's interactive session when the client asked for a terminal; otherwise the login
     * shell on pipes in a session of its own, as sshd gives it: {@code ssh -T host < script} and
     * {@code echo cmd | ssh host} read commands from stdin and want their output, not tmux's
     * screen. A key without a terminal ({@code no-pty}, {@code restrict}) has its pty-req refused,
     * so it never reaches the interactive session either.
     */
    private Command shell(ChannelSession channel) {
        if (((SessionChannel) channel).terminalRequested()) {
            return new ShellCommand(sessions, relaying);
        }
        return new ExecCommand(sessions, "exec \"$SHELL\" -l", null);
    }

    /** sshd's default LoginGraceTime. */
    public static final Duration AUTH_TIMEOUT = Duration.ofSeconds(120);

    /** One factory per method the setting names: a method no list names is not offered at all. */
    private static List<UserAuthFactory> userAuthFactories(AuthMethods methods, LogonChecks checks) {
        List<UserAuthFactory> factories = new java.util.ArrayList<>();
        for (AuthMethods.Method m : methods.named()) {
            factories.add(switch (m) {
                case PUBLICKEY -> new PublicKeyMethod.Factory(checks.gate());
                case PASSWORD -> PasswordMethod.factory(checks);
                case KEYBOARD_INTERACTIVE -> InteractiveMethod.factory(checks);
            });
        }
        return factories;
    }

    /** Where distributions put OpenSSH's sftp-server: Debian's, then Fedora's and others'. */
    private static final List<String> SFTP_SERVERS = List.of("/usr/lib/openssh/sftp-server",
            "/usr/libexec/openssh/sftp-server", "/usr/libexec/sftp-server", "/usr/lib/ssh/sftp-server");

    private static Optional<String> sftpServer() {
        return SFTP_SERVERS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }


    /**
     * ed25519, which every current client takes first, and ECDSA P-256 as OpenSSH hosts also have
     * (Debian makes RSA, ECDSA and ed25519 keys): clients without ed25519, such as the JCraft JSch
     * 0.1.55 still packaged by Debian, can then connect. No RSA key: clients that have rsa-sha2
     * also have ECDSA, and a 3072-bit key would take seconds to make at a first start.
     */
    private static KeyPairProvider hostKeys(KeyPairProvider ed25519, KeyPairProvider ecdsa) {
        List<KeyPairProvider> keys = List.of(ed25519, ecdsa);
        return session -> {
            List<KeyPair> all = new ArrayList<>();
            for (KeyPairProvider p : keys) {
                p.loadKeys(session).forEach(all::add);
            }
            return all;
        };
    }

    private static SimpleGeneratorHostKeyProvider generated(Path file, String algorithm, int bits) {
        SimpleGeneratorHostKeyProvider p = new SimpleGeneratorHostKeyProvider(file);
        p.setAlgorithm(algorithm); // made once and kept (BouncyCastle provides ed25519 to MINA)
        p.setKeySize(bits);
        // made now, not at the first connection, so its mode can be fixed before anyone connects
        p.loadKeys(null);
        return p;
    }

    public void start() throws IOException {
        server.start();
    }

    /** The port actually bound (for {@code --listen 127.0.0.1:0}). */
    public int port() {
        return server.getPort();
    }

    /**
     * Waits up to {@code timeout} for every client connection to close, e.g. after each was told
     * why its session ends; returns early when none is left.
     */
    public void awaitClientsGone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!server.getActiveSessions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            clientAlive.close();
            handshakes.close();
            if (relaying != null) {
                relaying.close();
            }
        }
    }
}
