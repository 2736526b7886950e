package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.hostbased.UserAuthHostBased;
import org.apache.sshd.client.auth.hostbased.UserAuthHostBasedFactory;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.farm.FarmRelay;
import termhost.daemon.os.OsUser;

/**
 * The entry host's SSH client to the other hosts of its farm: it logs on as the user with SSH
 * {@code hostbased} (RFC 4252 §9), this host's key and name, the client user being
 * {@code name#uid} ({@link FarmRelay#clientUser}), and accepts a host only with a key
 * pinned for it in {@code farm.pinned-keys} (the same file the other side admits this host from).
 * One MINA client for the daemon, started at the first relay.
 *
 * <p>A relayed logon's cost was mostly a new connection to the holding host: TCP, the key exchange
 * and the host key's check, about 50-80 ms of a 100 ms relay on a 2-CPU machine. So each relay
 * leaves a spare behind: a connection to the same host, key-exchanged but not authenticated (the
 * user is named only then, as hostbased auth signs it), which the next relay there takes. A spare
 * idle for {@link #SPARE_IDLE} is closed, so a quiet farm holds no connections.
 */
final class RelayClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    /** Past it, the holding host is taken as unreachable (reference/farm.md §5 gives B 3 s; a logon storm takes more). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final AttributeKey<String> TARGET = new AttributeKey<>();
    /** The uid of the user a connection logs on as, as this host resolves the name. */
    private static final AttributeKey<Integer> UID = new AttributeKey<>();
    /**
     * How long a spare connection waits for a logon before it is closed: well within the other
     * host's LoginGraceTime (120 s, {@link SshTransport#AUTH_TIMEOUT}), which would close it unannounced.
     */
    static final Duration SPARE_IDLE = Duration.ofSeconds(60);
    /** When the next spare is made: once the logon that took the last one has reached its session (10-30 ms). */
    private static final Duration SPARE_AFTER = Duration.ofMillis(250);

    private final FarmRelay relay;
    private final KeyPair hostKey;
    /** Per other host, a connection made ahead of the next relayed logon: TCP and key exchange are most of a relay's cost. */
    private final Spares spares = new Spares(SPARE_IDLE, SPARE_AFTER);
    private SshClient client;

    RelayClient(FarmRelay relay, KeyPair hostKey) {
        this.relay = relay;
        this.hostKey = hostKey;
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier(this::pinned);
            // hostbased only, as the user the connection is for (MINA's client reads its methods
            // when a connection starts: they cannot be set on the connection afterwards)
            c.setUserAuthFactories(List.of(hostBased(hostKey, relay.host())));
            CoreModuleProperties.PREFERRED_AUTHS.set(c, UserAuthHostBasedFactory.NAME);
            // a relayed connection lives as long as the user's: no idle limit; the holding host's
            // keep-alives find a dead entry host, and this one's find a dead client
            CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ZERO);
            CoreModuleProperties.NIO2_READ_TIMEOUT.set(c, Duration.ZERO);
            CoreModuleProperties.TCP_NODELAY.set(c, true);
            // every relayed byte is decrypted and encrypted again on this host, and AES-GCM is the
            // JVM's cheapest per byte (no MAC; intrinsics on both sides); MINA's own order would take
            // chacha20 or, since our servers leave that out, aes128-ctr with an HMAC
            c.setCipherFactories(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
                    BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr));
            c.start();
            client = c;
        }
        return client;
    }

    /** SSH hostbased with {@code key} as host {@code name}, the client user being the target user. */
    private static UserAuthHostBasedFactory hostBased(KeyPair key, String name) {
        UserAuthHostBasedFactory f = new UserAuthHostBasedFactory() {
            @Override
            public UserAuthHostBased createUserAuth(ClientSession session) throws IOException {
                UserAuthHostBased auth = super.createUserAuth(session);
                auth.setClientUsername(FarmRelay.clientUser(session.getUsername(), session.getAttribute(UID)));
                return auth;
            }
        };
        f.setClientHostKeys(context -> List.of(Map.entry(key, List.of())));
        f.setClientHostname(name);
        return f;
    }

    /** Only a key pinned for the host the connection is for: never trust on first use. */
    private boolean pinned(ClientSession session, SocketAddress address, PublicKey key) {
        String target = session.getConnectionContext().getAttribute(TARGET);
        String[] entry = PublicKeyEntry.toString(key).split(" ");
        try {
            if (relay.pinnedKeys().pinned(target, entry[0], entry[1])) {
                return true;
            }
            log.warn("farm: host {} at {} offered key {}, which is not pinned for it: not relaying there", target,
                    address, KeyUtils.getFingerPrint(key));
        } catch (IOException e) {
            log.warn("farm: cannot check the key of host {}: {}", target, e.getMessage());
        }
        return false;
    }

    /**
     * A connection to {@code route}'s host, authenticated as {@code user}; throws saying why not.
     * It is the host's spare when there is one, and a new spare is started for the next logon; a
     * spare found dead (the host restarted, the network dropped it) gives way to a fresh connection.
     */
    ClientSession connect(FarmRelay.Route route, OsUser user) throws IOException {
        ConnectFuture taken = spares.take(route.host() + "@" + route.sshAddress());
        spares.start(route.host() + "@" + route.sshAddress(), () -> keyExchanging(route));
        if (taken != null) {
            try {
                return authenticated(taken, route, user, "spare");
            } catch (DeadConnection e) {
                // a refusal is not retried (it would be refused again, and audited twice): only a dead spare
                log.debug("farm: the spare connection to {} was dead ({}): a fresh one", route.host(),
                        e.getCause().getMessage());
            }
        }
        try {
            return authenticated(keyExchanging(route), route, user, "fresh");
        } catch (DeadConnection e) {
            throw (IOException) e.getCause();
        }
    }

    /** The connection failed or was closed before its logon was answered: not a refusal. */
    private static final class DeadConnection extends IOException {
        DeadConnection(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A connection started to {@code route}'s host: the key exchange goes on by itself; no user yet. */
    private ConnectFuture keyExchanging(FarmRelay.Route route) throws IOException {
        // the user is named at authentication (hostbased names it): a spare is made before it is known
        return client().connect(SPARE_USER, route.address(), route.port(),
                AttributeRepository.ofKeyValuePair(TARGET, route.host()), null);
    }

    private static final String SPARE_USER = "-";

    private ClientSession authenticated(ConnectFuture connecting, FarmRelay.Route route, OsUser user, String kind)
            throws IOException {
        long t0 = System.nanoTime();
        ClientSession session;
        try {
            session = connecting.verify(CONNECT_TIMEOUT).getSession();
        } catch (IOException e) {
            throw new DeadConnection(e);
        }
        try {
            session.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), CONNECT_TIMEOUT);
            long t1 = System.nanoTime();
            session.setUsername(user.name());
            session.setAttribute(UID, user.uid());
            session.auth().verify(CONNECT_TIMEOUT);
            log.debug("farm: connection to {} for {}: {}, key exchange {} ms, authentication {} ms", route.host(),
                    user.name(), kind, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return session;
        } catch (IOException e) {
            boolean dead = session.isClosing() || !session.isOpen();
            session.close(true);
            throw dead ? new DeadConnection(e) : e;
        } catch (RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        spares.close();
        if (client != null) {
            client.stop();
        }
    }
}
