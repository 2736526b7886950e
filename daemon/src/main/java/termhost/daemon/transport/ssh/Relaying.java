package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.security.KeyPair;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.farm.FarmRelay;
import termhost.daemon.os.OsUser;

/**
 * Relayed interactive logons, both ends. On the entry host, {@link #relay} asks the farm where the
 * user's logon goes and, for another host, opens a {@link Relay} there. On the holding host,
 * {@link #arrived} takes note of a logon a farm host relayed (the client it serves, audited with
 * the relaying host and its key). A relayed logon is never relayed again.
 */
final class Relaying implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relaying.class);

    private final FarmRelay farm;
    private final RelayClient client;

    Relaying(FarmRelay farm, KeyPair hostKey) {
        this.farm = farm;
        this.client = new RelayClient(farm, hostKey);
    }

    /**
     * On the holding host: a relayed logon's client is the one its farm host names. Returns its
     * audit, once per connection (else nothing), for the caller to run once the logon has reached
     * its session: the audit's write to disk is then not in the logon's path.
     */
    Runnable arrived(ChannelSession channel, Environment env) {
        ServerSession s = channel.getServerSession();
        String via = s.getAttribute(FarmHostBased.RELAYED_VIA);
        if (via == null || s.getAttribute(FarmHostBased.RELAYED_CLIENT) != null) {
            return () -> { };
        }
        String named = env.getEnv().get(Relay.CLIENT_VARIABLE);
        // from a farm host only, and still only an address: never a way to put text into the audit
        String client = named != null && named.matches("[\\[\\]0-9A-Fa-f.:%]{1,64}") ? named
                : "unknown (not named by " + via + ")";
        s.setAttribute(FarmHostBased.RELAYED_CLIENT, client);
        String key = s.getAttribute(FarmHostBased.RELAY_KEY);
        return () -> farm.relayedIn(ChannelCommand.userOf(s), via, client, key);
    }

    /**
     * On the entry host: the relay of this logon to the host holding the user's session, or empty
     * when the logon stays here; throws, saying why, when the farm refuses it or the user's session
     * is elsewhere and cannot be reached (a second session here would break one session per user).
     * A new session that routing sent elsewhere is made here when the relay cannot be set up.
     */
    Optional<Relay> relay(ChannelSession channel, Environment env, Relay.Sink sink) throws IOException {
        ServerSession s = channel.getServerSession();
        if (s.getAttribute(FarmHostBased.RELAYED_VIA) != null) {
            return Optional.empty();
        }
        OsUser user = ChannelCommand.userOf(s);
        String clientAddress = ChannelCommand.addressOf(s);
        Optional<FarmRelay.Route> route;
        long t0 = System.nanoTime();
        try {
            route = farm.route(user.name());
        } catch (FarmRelay.Refused e) {
            log.info("logon of {} from {} refused: {}", user.name(), clientAddress, e.getMessage());
            farm.refusedByFarm(user, clientAddress, e.getMessage());
            throw new IOException(e.getMessage(), e);
        }
        if (route.isEmpty()) {
            log.debug("logon of {} stays here: routing {} ms", user.name(), (System.nanoTime() - t0) / 1_000_000);
            return Optional.empty();
        }
        String target = route.get().host();
        ClientSession session = null;
        try {
            long t1 = System.nanoTime();
            session = client.connect(route.get(), user);
            long t2 = System.nanoTime();
            Relay relay = Relay.open(session, env, clientAddress, sink);
            log.debug("logon of {} relayed to {}: routing {} ms, connection {} ms, shell {} ms", user.name(), target,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            log.info("logon of {} from {} relayed to {} at {}", user.name(), clientAddress, target,
                    route.get().sshAddress());
            farm.relayedOut(user, clientAddress, target, null);
            return Optional.of(relay);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            farm.relayedOut(user, clientAddress, target, why);
            farm.routeFailed(user.name());
            if (!route.get().reconnect()) {
                // a new session, which this host can make as well: the logon is not refused for the relay's sake
                log.warn("logon of {} from {}: cannot relay it to {} ({}): a new session here instead", user.name(),
                        clientAddress, target, why);
                return Optional.empty();
            }
            log.warn("logon of {} from {}: cannot relay it to {}: {}", user.name(), clientAddress, target, why);
            throw new IOException("it is on host " + target + ", which refused or did not answer (" + why + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
