package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.sshd.client.auth.hostbased.UserAuthHostBasedFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.store.postgresql.PostgresCluster;
import termhost.daemon.store.postgresql.TestDatabase;

/**
 * Relayed logons (issue #15, items 2 and 5): three daemons of one farm on 127.0.0.2 to .4, each
 * with its own pinned-keys file holding the three hosts' keys (as {@code ssh-keyscan} reads them,
 * the way an administrator enrols a host), one real PostgreSQL. One farm for the whole class; each
 * test makes users of its own. A logon on host-a by a user whose disconnected session is on
 * host-b reaches that session through host-a with a plain OpenSSH client; host-b admits the relay
 * (SSH hostbased) only from a pinned key of an up host, for the same user with the Logon right.
 */
@Order(2) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FarmRelayIT {
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** A host pinned in every file but never started: it has no row in the directory. */
    private static final KeyPair UNENROLLED = ecKey();

    @TempDir
    static Path dir;
    private static PostgresCluster postgres;
    private static TestDatabase db;
    private static FarmHosts farm;
    private static TermhostProcess a;
    private static TermhostProcess b;
    private static TermhostProcess c;

    @BeforeAll
    static void startFarm() throws Exception {
        postgres = PostgresCluster.start(); // fails, saying why, when it cannot: never a silent skip
        db = postgres.createDatabase("farm_relay_it");
        farm = new FarmHosts(dir, db, LEASE, HEARTBEAT);
        a = farm.relayingHost("host-a", 2);
        b = farm.relayingHost("host-b", 3, "farm.on-lost-host=refuse");
        c = farm.relayingHost("host-c", 4);
        Map<String, TermhostProcess> hosts = new LinkedHashMap<>();
        hosts.put("host-a", a);
        hosts.put("host-b", b);
        hosts.put("host-c", c);
        farm.pin(hosts, "host-x " + PublicKeyEntry.toString(UNENROLLED.getPublic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoints() == 3);
    }

    @AfterAll
    static void stopFarm() throws Exception {
        try {
            if (farm != null) {
                farm.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * First in the class, while no host holds a session: the three are equally loaded, so each
     * entry host alone would keep a new session for itself. Under the user's lock, the second
     * logon sees where the first went (its pending reservation) and follows it.
     */
    @Test
    @Order(1)
    void twoSimultaneousLogonsOfOneUserOnTwoHostsGiveOneSession() throws Exception {
        TestUser hank = farm.user();
        assertThat(loads()).as("precondition: equal loads").containsOnly(0);
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Terminal>> logons = new ArrayList<>();
        try {
            for (TermhostProcess entry : List.of(a, c)) {
                logons.add(pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return new SshClient(entry, hank).interactive(dir.resolve("both-" + entry.address()), 100, 30);
                }));
            }
            List<Terminal> terminals = new ArrayList<>();
            for (Future<Terminal> f : logons) {
                terminals.add(farm.add(f.get(60, TimeUnit.SECONDS)));
            }
            for (Terminal t : terminals) {
                // logged on (a prompt), or disconnected by the other logon taking the session over
                await().atMost(Duration.ofSeconds(30)).until(() -> t.screen().contains(hank.name() + "@")
                        || t.clientExited());
            }
            List<String> sessions = new ArrayList<>();
            for (TermhostProcess h : List.of(a, b, c)) {
                SessionList.of(h).sessions().stream().filter(r -> r.user().equals(hank.name()))
                        .forEach(r -> sessions.add(h.address() + ":" + r.id()));
            }
            assertThat(sessions).as("hank's sessions in the farm").hasSize(1);
            for (Terminal t : terminals) {
                t.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewSessionGoesToTheLeastLoadedHostForItsWeightAndADrainingHostStillTakesReconnects() throws Exception {
        TestUser ivan = farm.user();
        TestUser judy = farm.user();
        TestUser other = farm.user();
        // host-b and host-c hold a session each, and weigh 1 to host-a's 10000: whatever the sessions
        // other tests left, host-a has the least load for its weight
        HeldSession onB = farm.session(b, other);
        HeldSession onC = farm.session(c, other);
        await().atMost(Duration.ofSeconds(10)).until(() -> !directoryState("host-b", other.name(), "exec").isEmpty()
                && !directoryState("host-c", other.name(), "exec").isEmpty());
        try {
            db.execute("UPDATE farm_hosts SET weight = CASE host_id WHEN 'host-a' THEN 10000 ELSE 1 END");
            try (Terminal t = new SshClient(c, ivan).interactive(dir.resolve("load-t1"), 100, 30)) {
                t.run("true");
                assertThat(SessionList.of(a).ofUser(ivan.name())).as("a new session on host-a").isPresent();
                assertThat(SessionList.of(c).ofUser(ivan.name())).isEmpty();
            }
            int id = SessionList.of(a).ofUser(ivan.name()).orElseThrow().id();
            SessionList.awaitState(a, id, "Disc");
            await().atMost(Duration.ofSeconds(10)).until(() -> directoryState("host-a", ivan.name())
                    .equals("disconnected"));

            logonMode("host-a", "drain"); // as an administrator drains it, from another host
            try (Terminal t = new SshClient(c, ivan).interactive(dir.resolve("load-t2"), 100, 30)) {
                t.run("true");
                SessionList.awaitState(a, id, "Active"); // a draining host takes its reconnects
            }
            try (Terminal t = new SshClient(c, judy).interactive(dir.resolve("load-t3"), 100, 30)) {
                t.run("true");
                assertThat(SessionList.of(a).ofUser(judy.name())).as("no new session on a draining host").isEmpty();
            }
        } finally {
            logonMode("host-a", "enable");
            db.execute("UPDATE farm_hosts SET weight = 100");
            onB.close();
            onC.close();
        }
    }

    /**
     * Routing sends a new session to host-b (the others drain in the directory), whose published
     * address answers nothing: the entry host makes the session itself, as it would have without a
     * farm, and audits the relay's failure.
     */
    @Test
    void aNewSessionThatCannotBeRelayedIsMadeOnTheEntryHost() throws Exception {
        TestUser mona = farm.user();
        String address = endpoint("host-b");
        try {
            db.execute("UPDATE farm_hosts SET logon_mode = 'drain' WHERE host_id <> 'host-b'");
            // port 1 of host-b's address: nothing listens there, the connection is refused at once
            db.execute("UPDATE farm_endpoints SET ssh_address = '" + b.address() + ":1' WHERE host_id = 'host-b'");
            try (Terminal t = new SshClient(a, mona).interactive(dir.resolve("norelay-t1"), 100, 30)) {
                t.run("true");
                assertThat(SessionList.of(a).ofUser(mona.name())).as("a new session on the entry host").isPresent();
            }
            assertThat(SessionList.of(b).ofUser(mona.name())).isEmpty();
            assertThat(AuditRows.read(a)).anySatisfy(row -> {
                assertThat(row.type()).isEqualTo("farm.relay");
                assertThat(row.actor()).isEqualTo(mona.name());
                assertThat(row.outcome()).isEqualTo("failed");
                assertThat(row.detail()).startsWith("logon relayed to host-b: ");
            });
        } finally {
            db.execute("UPDATE farm_hosts SET logon_mode = 'enable'");
            db.execute("UPDATE farm_endpoints SET ssh_address = '" + address + "' WHERE host_id = 'host-b'");
        }
    }

    private static String endpoint(String host) throws SQLException {
        try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement(
                "SELECT ssh_address FROM farm_endpoints WHERE host_id = ?")) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aLogonOnAnotherHostReachesTheDisconnectedSessionWithItsScreenAndShell() throws Exception {
        TestUser alice = farm.user();
        long[] shell = new long[1];
        int id = disconnectedSessionOnB(alice, "relay-t1", onB -> {
            // typed as SCREEN-%s-OF-B, printed as SCREEN-kept-OF-B: only the output can match
            onB.run("printf 'SCREEN-%s-OF-B\\n' kept");
            shell[0] = Long.parseLong(onB.run("echo $$"));
        });

        // the reservation written when the session was made: a reconnect needs none, so leaves it as it is
        String pending = pendingRow(alice.name());
        assertThat(pending).as("precondition: the new session's reservation").startsWith("host-b ");
        try (Terminal onA = new SshClient(a, alice).interactive(dir.resolve("relay-t2"), 100, 30)) {
            onA.awaitScreen("SCREEN-kept-OF-B");
            assertThat(pendingRow(alice.name())).as("a reconnect writes no reservation").isEqualTo(pending);
            assertThat(Long.parseLong(onA.run("echo $$"))).as("the same shell, on host-b").isEqualTo(shell[0]);
            SessionList.awaitState(b, id, "Active");
            assertThat(SessionList.of(a).ofUser(alice.name())).as("no session on the entry host").isEmpty();
            // the terminal's size travels with the relay, and so do its changes
            onA.resize(90, 25);
            await().atMost(Duration.ofSeconds(10)).until(() -> onA.run("stty size").equals("25 90"));
        }
        SessionList.awaitState(b, id, "Disc");

        // audited on both hosts: B says via whom, for which client, with which key
        assertThat(AuditRows.read(b)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("farm.relayed-logon");
            assertThat(row.actor()).isEqualTo(alice.name());
            assertThat(row.detail()).startsWith("logon via host-a, client 127.0.0.1:").contains("key SHA256:");
        });
        assertThat(AuditRows.read(b)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("session.reconnect");
            assertThat(row.source()).startsWith("ssh 127.0.0.1:").endsWith(" via host-a");
        });
        assertThat(AuditRows.read(a)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("farm.relay");
            assertThat(row.outcome()).isEqualTo("success");
            assertThat(row.detail()).isEqualTo("logon relayed to host-b");
        });
    }

    @Test
    void hostbasedFromAKeyNotPinnedForTheHostItClaimsIsRefusedAndAudited() throws Exception {
        TestUser bob = farm.user();
        assertThat(hostbased(b, ecKey(), "host-a", bob.name(), bob.name())).as("someone else's key as host-a")
                .isFalse();
        awaitRefusal(b, bob, "relayed logon (hostbased) from host-a: its key ecdsa-sha2-nistp256 is not pinned for"
                + " it in " + farm.pinnedKeys("host-b"));
    }

    @Test
    void aPlainClientAttemptingHostbasedIsRefusedAndAudited() throws Exception {
        TestUser carol = farm.user();
        assertThat(hostbased(b, ecKey(), "laptop.example", carol.name(), carol.name())).isFalse();
        awaitRefusal(b, carol, "relayed logon (hostbased) from laptop.example: its key ecdsa-sha2-nistp256 is not"
                + " pinned for it");
    }

    @Test
    void aPinnedKeyOfAHostThatIsNotUpInTheDirectoryIsRefusedAndAudited() throws Exception {
        TestUser dave = farm.user();
        assertThat(hostbased(b, UNENROLLED, "host-x", dave.name(), dave.name())).isFalse();
        awaitRefusal(b, dave, "relayed logon (hostbased) from host-x: the host is not up in farm farm");
    }

    @Test
    void aRelayForAnotherUserThanTheClientUserIsRefused() throws Exception {
        TestUser erin = farm.user();
        TestUser frank = farm.user();
        // even with a pinned key of an up host: here, the unenrolled one stands for "any pinned key"
        assertThat(hostbased(b, UNENROLLED, "host-x", frank.name(), erin.name())).isFalse();
        awaitRefusal(b, erin, "for " + frank.name() + " as another user (" + erin.name() + ")");
    }

    /**
     * host-a's own key, as host-a, for the same name: only the uid host-a says it resolved differs
     * from host-b's. Both daemons read one /etc/passwd, so the client is host-a's key in a MINA client
     * (what a host whose NSS maps the name to someone else would send); the same request with the
     * right uid is let in, so the key and the request are not what the refusal is about.
     */
    @Test
    void aRelayWhoseUidDiffersFromTheHoldingHostsIsRefusedAndAudited() throws Exception {
        TestUser lena = farm.user();
        KeyPair hostA = hostKey(a);
        assertThat(hostbased(b, hostA, "host-a", lena.name() + "#" + (lena.uid() + 1), lena.name()))
                .as("another uid on host-a").isFalse();
        awaitRefusal(b, lena, "relayed logon (hostbased) from host-a for " + lena.name() + ": uid " + (lena.uid() + 1)
                + " on host-a, " + lena.uid() + " here");
        assertThat(hostbased(b, hostA, "host-a", lena.name(), lena.name())).as("no uid said").isFalse();
        awaitRefusal(b, lena, "the relaying host did not say the user's uid");
        assertThat(hostbased(b, hostA, "host-a", lena.name() + "#" + lena.uid(), lena.name())).as("the same uid")
                .isTrue();
    }

    /** A daemon's ed25519 host key, the one it relays with, read as the daemon reads it. */
    private static KeyPair hostKey(TermhostProcess host) {
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(
                host.stateDir().resolve("state").resolve("ssh_host_ed25519_key"));
        keys.setAlgorithm(SecurityUtils.EDDSA);
        return keys.loadKeys(null).iterator().next();
    }

    @Test
    void aRelayedLogonOfAUserWithoutTheLogonRightOnTheHoldingHostIsRefusedThere() throws Exception {
        TestUser gina = farm.user();
        TestUser oscar = farm.user();
        int id = disconnectedSessionOnB(gina, "deny-t1", onB -> onB.run("true"));
        disconnectedSessionOnB(oscar, "deny-t0", onB -> onB.run("true"));
        // a relay to host-b leaves host-a a spare connection there: gina's logon takes it
        try (Terminal onA = new SshClient(a, oscar).interactive(dir.resolve("deny-t3"), 100, 30)) {
            onA.run("true");
        }
        b.command("rights", "/deny:" + gina.name(), "Logon").requireSuccess("rights /deny on host-b");
        try {
            try (Terminal onA = new SshClient(a, gina).interactive(dir.resolve("deny-t2"), 100, 30)) {
                onA.awaitScreen("cannot reach your session");
                await().atMost(Duration.ofSeconds(20)).until(onA::clientExited);
            }
            awaitRefusal(b, gina, "relayed logon (hostbased) from host-a: no Logon right");
            assertThat(AuditRows.read(a)).anySatisfy(row -> {
                assertThat(row.type()).isEqualTo("farm.relay");
                assertThat(row.actor()).isEqualTo(gina.name());
                assertThat(row.outcome()).isEqualTo("failed");
            });
            // refused on the spare, and not tried again on a fresh connection: one refusal, not two
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    AuditRows.read(b).stream().filter(r -> r.type().equals("session.logon-refused")
                            && r.actor().equals(gina.name())).count()).as("gina's refusals on host-b").isEqualTo(1));
            assertThat(SessionList.of(a).ofUser(gina.name())).as("no session made on the entry host").isEmpty();
            assertThat(SessionList.of(b).byId(id).orElseThrow().state()).isEqualTo("Disc");
        } finally {
            b.command("rights", "/revoke:" + gina.name()).requireSuccess("rights /revoke on host-b");
        }
    }

    /**
     * A session of {@code user} on host-b, used by {@code use} and left disconnected, as the
     * directory shows it. New sessions go to the least loaded host, so meanwhile the other hosts
     * drain ({@code change logon /drain /server:HOST}).
     */
    private static int disconnectedSessionOnB(TestUser user, String name, java.util.function.Consumer<Terminal> use)
            throws Exception {
        return disconnectedSessionOn(b, "host-b", user, name, use);
    }

    private static int disconnectedSessionOn(TermhostProcess host, String hostName, TestUser user, String name,
            java.util.function.Consumer<Terminal> use) throws Exception {
        List<String> others = Stream.of("host-a", "host-b", "host-c").filter(h -> !h.equals(hostName)).toList();
        for (String other : others) {
            logonMode(other, "drain");
        }
        try (Terminal t = new SshClient(host, user).interactive(dir.resolve(name), 100, 30)) {
            use.accept(t);
        } finally {
            for (String other : others) {
                logonMode(other, "enable");
            }
        }
        int id = SessionList.of(host).ofUser(user.name()).orElseThrow().id();
        SessionList.awaitState(host, id, "Disc");
        await().atMost(Duration.ofSeconds(10)).until(() -> directoryState(hostName, user.name())
                .equals("disconnected"));
        return id;
    }

    /**
     * Sets {@code host}'s logon mode ({@code drain}, {@code enable}) as an administrator does, with
     * {@code change logon /MODE /server:HOST} given on host-a, and waits until the directory shows it.
     */
    private static void logonMode(String host, String mode) throws SQLException {
        a.command("change", "logon", "/" + mode, "/server:" + host).requireSuccess("change logon /" + mode);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection conn = db.connect(); ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT logon_mode FROM farm_hosts WHERE host_id = '" + host + "'")) {
                return rs.next() && rs.getString(1).equals(mode);
            }
        });
    }

    /**
     * Last in the class, since it kills host-c. A user whose only session is on a lost host gets a
     * new session through an entry host with {@code farm.on-lost-host=new} (the default, host-a),
     * and a clear refusal through one with {@code refuse} (host-b), audited there.
     */
    @Test
    @Order(Integer.MAX_VALUE) // after every test without an order (Order.DEFAULT)
    void aSessionOnALostHostGivesANewSessionOrAClearRefusalAsTheEntryHostSays() throws Exception {
        TestUser kim = farm.user();
        int id = disconnectedSessionOn(c, "host-c", kim, "lost-t1", t -> t.run("true"));
        c.kill9();
        await().atMost(LEASE.plus(HEARTBEAT).plusSeconds(5)).until(() -> hostState("host-c").equals("lost"));

        try (Terminal viaB = new SshClient(b, kim).interactive(dir.resolve("lost-t2"), 100, 30)) {
            viaB.awaitScreen("it is on host host-c, which is lost or stopped");
            await().atMost(Duration.ofSeconds(20)).until(viaB::clientExited);
        }
        awaitRefusal(b, kim, "it is on host host-c, which is lost or stopped");
        assertThat(SessionList.of(b).ofUser(kim.name())).isEmpty();

        try (Terminal viaA = new SshClient(a, kim).interactive(dir.resolve("lost-t3"), 100, 30)) {
            viaA.run("true");
            List<String> where = new ArrayList<>();
            for (TermhostProcess h : List.of(a, b)) {
                SessionList.of(h).ofUser(kim.name()).ifPresent(r -> where.add(h.address()));
            }
            assertThat(where).as("a new session on an up host").hasSize(1);
        }
        assertThat(id).isPositive();
    }

    /** {@code user}'s pending logon as {@code host created}, or "" when there is none. */
    private static String pendingRow(String user) throws SQLException {
        try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement(
                "SELECT host_id || ' ' || created FROM farm_pending WHERE owner_name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    private static String hostState(String host) throws SQLException {
        try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement(
                "SELECT state FROM farm_hosts WHERE host_id = ?")) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /** A MINA client's hostbased logon to {@code host}: true if it was let in. */
    private static boolean hostbased(TermhostProcess host, KeyPair key, String clientHost, String clientUser,
            String user) throws Exception {
        try (org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            UserAuthHostBasedFactory f = new UserAuthHostBasedFactory();
            f.setClientHostKeys(ctx -> List.of(Map.entry(key, List.of())));
            f.setClientHostname(clientHost);
            f.setClientUsername(clientUser);
            client.setUserAuthFactories(List.of(f));
            CoreModuleProperties.PREFERRED_AUTHS.set(client, UserAuthHostBasedFactory.NAME);
            client.start();
            try (ClientSession session = client.connect(user, host.address(), host.port())
                    .verify(Duration.ofSeconds(10)).getSession()) {
                AuthFuture auth = session.auth();
                auth.await(Duration.ofSeconds(20));
                return auth.isSuccess();
            }
        }
    }

    private static void awaitRefusal(TermhostProcess host, TestUser user, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(AuditRows.read(host)).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo("session.logon-refused");
            assertThat(r.actor()).isEqualTo(user.name());
            assertThat(r.outcome()).isEqualTo("denied");
            assertThat(r.detail()).contains(reason);
        }));
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String directoryState(String host, String user) throws SQLException {
        return directoryState(host, user, "interactive");
    }

    /** The state of {@code user}'s session of {@code kind} on {@code host}, as the directory shows it; "" if none. */
    private static String directoryState(String host, String user, String kind) throws SQLException {
        try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement(
                "SELECT state FROM farm_sessions WHERE host_id = ? AND owner_name = ? AND kind = ?")) {
            ps.setString(1, host);
            ps.setString(2, user);
            ps.setString(3, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /** Each up host's sessions in the directory. */
    private static List<Integer> loads() throws SQLException {
        List<Integer> loads = new ArrayList<>();
        try (Connection conn = db.connect(); ResultSet rs = conn.createStatement().executeQuery("SELECT (SELECT "
                + "count(*) FROM farm_sessions s WHERE s.host_id = h.host_id) FROM farm_hosts h WHERE state = 'up'")) {
            while (rs.next()) {
                loads.add(rs.getInt(1));
            }
        }
        return loads;
    }

    private static int endpoints() throws SQLException {
        try (Connection conn = db.connect(); ResultSet rs = conn.createStatement()
                .executeQuery("SELECT count(*) FROM farm_endpoints")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
