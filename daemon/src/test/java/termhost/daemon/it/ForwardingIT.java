package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 4: port forwarding as device redirection (reference/ssh-host.md, steps 9-10).
 * The real OpenSSH client forwards, curl goes through; every socket is the user's, made by the
 * helper in the connection's tunnel session, so the kernel's rules for the user apply to it.
 */
@Order(3) // long: started first, so the suite does not end waiting on it
@ExtendWith(RootRequired.class)
class ForwardingIT {
    private static final String PAGE = "forwarded page\n";

    @TempDir
    Path tmp;

    @RegisterExtension
    // -R too: the default redirect.ports=local refuses it (RedirectionIT)
    final HostWithUsers env = new HostWithUsers(1, "redirect.ports=all");

    @Test
    void localForwardCarriesCurlThroughASocketOfTheUserInTheTunnelSession() throws Exception {
        int local = Forward.freePort();
        try (HttpServer web = HttpServer.start(tmp, "127.0.0.1", PAGE);
                Forward ssh = Forward.start(env, "-L", Forward.spec(local, "127.0.0.1", web.port()))) {
            assertThat(ssh.curl("http://127.0.0.1:" + local + "/" + HttpServer.FILE)).isEqualTo(PAGE);

            // the tunnel session: listed, its helper the user's process in the session's cgroup
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            long helper = Procs.pidsIn(env.host().sessionCgroup(id)).stream()
                    .filter(pid -> commandOf(pid).contains("termhost-net")).findFirst().orElseThrow();
            assertThat(Files.getOwner(Path.of("/proc", Long.toString(helper)), LinkOption.NOFOLLOW_LINKS).getName())
                    .isEqualTo(env.alice().name());
            assertThat(Procs.cgroupOf(helper)).isEqualTo(Procs.sessionCgroupName(env.host(), id));
            // its parent holds the tunnel session's PAM session, as an exec session's command's does
            assertThat(Procs.comm(Procs.parentOf(helper))).isEqualTo("termhost-leader");

            // a connection held open: its socket to the server is the user's, as the kernel sees it
            try (Socket held = new Socket("127.0.0.1", local)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !ownersOfConnectionsTo(web.port()).isEmpty());
                assertThat(ownersOfConnectionsTo(web.port())).containsOnly(env.alice().uid());
            }
            assertThat(AuditRows.of(env.host(), "session.port-forward", id))
                    .anySatisfy(r -> assertThat(r.outcome() + " " + r.detail())
                            .startsWith("success direct-tcpip to 127.0.0.1:" + web.port()));

            ssh.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> SessionList.of(env.host()).byId(id).isEmpty());
            assertThat(Procs.alive(helper)).isFalse();
        }
    }

    @Test
    void dynamicForwardCarriesSocksCurlToANamedHost() throws Exception {
        int socks = Forward.freePort();
        try (HttpServer web = HttpServer.start(tmp, "127.0.0.1", PAGE);
                Forward ssh = Forward.start(env, "-D", "127.0.0.1:" + socks)) {
            // socks5h (--socks5-hostname): the name is resolved at our end, by the helper
            assertThat(ssh.curl("--proxy", "socks5h://127.0.0.1:" + socks,
                    "http://localhost:" + web.port() + "/" + HttpServer.FILE)).isEqualTo(PAGE);
        }
    }

    @Test
    void anOwnerMatchFirewallRuleStopsTheUsersForwardWhileRootStillConnects() throws Exception {
        String blocked = "127.0.0.7";
        int toOpen = Forward.freePort();
        int toBlocked = Forward.freePort();
        try (HttpServer open = HttpServer.start(tmp.resolve("open"), "127.0.0.1", PAGE);
                HttpServer web = HttpServer.start(tmp.resolve("blocked"), blocked, PAGE);
                Firewall rule = Firewall.rejectTcp(blocked, env.alice().name());
                Forward ssh = Forward.start(env, "-L", Forward.spec(toOpen, "127.0.0.1", open.port()),
                        "-L", Forward.spec(toBlocked, blocked, web.port()))) {
            String url = "http://" + blocked + ":" + web.port() + "/" + HttpServer.FILE;
            assertThat(curl(List.of(url)).out()).isEqualTo(PAGE); // root's own connection
            // the forward works, to the address the rule leaves alone
            assertThat(ssh.curl("http://127.0.0.1:" + toOpen + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            Shell.Result forwarded = curl(List.of("http://127.0.0.1:" + toBlocked + "/" + HttpServer.FILE));
            assertThat(forwarded.out()).isEmpty();
            assertThat(forwarded.exit()).isNotZero();
            assertThat(AuditRows.read(env.host())).anySatisfy(r -> assertThat(r.type() + " " + r.outcome() + " "
                    + r.detail()).startsWith("session.port-forward failed direct-tcpip to " + blocked));
        }
    }

    @Test
    void aKeyWithNoPortForwardingIsRefusedAndTheRefusalAudited() throws Exception {
        String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
        Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"), "no-port-forwarding " + key + "\n",
                StandardCharsets.UTF_8);
        int local = Forward.freePort();
        try (HttpServer web = HttpServer.start(tmp, "127.0.0.1", PAGE);
                Forward ssh = Forward.start(env, "-L", Forward.spec(local, "127.0.0.1", web.port()))) {
            // the client listens once it is logged on; then each connection asks for a channel, refused
            await().atMost(Duration.ofSeconds(20)).until(() -> Forward.listening(local));
            Shell.Result r = curl(List.of("http://127.0.0.1:" + local + "/" + HttpServer.FILE));
            assertThat(r.out()).isEmpty();
            assertThat(AuditRows.read(env.host())).anySatisfy(row -> assertThat(row.type() + " " + row.outcome()
                    + " " + row.detail()).startsWith("session.port-forward denied direct-tcpip to 127.0.0.1:")
                    .endsWith("the key does not permit port forwarding"));
            // refused before any socket: no tunnel session was made for it
            assertThat(SessionList.of(env.host()).ofUser(env.alice().name())).isEmpty();
        }
    }

    /** sshd's {@code permitopen="host:port"}: -L reaches the target it names and no other, audited. */
    @Test
    void aKeysPermitopenAdmitsTheTargetItNamesOnly() throws Exception {
        try (HttpServer named = HttpServer.start(tmp, "127.0.0.1", PAGE);
                HttpServer other = HttpServer.start(Files.createDirectories(tmp.resolve("other")), "127.0.0.1", PAGE)) {
            String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
            Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"),
                    "permitopen=\"127.0.0.1:" + named.port() + "\" " + key + "\n", StandardCharsets.UTF_8);
            int toNamed = Forward.freePort();
            int toOther = Forward.freePort();
            try (Forward ssh = Forward.start(env, "-L", Forward.spec(toNamed, "127.0.0.1", named.port()),
                    "-L", Forward.spec(toOther, "127.0.0.1", other.port()))) {
                assertThat(ssh.curl("http://127.0.0.1:" + toNamed + "/" + HttpServer.FILE)).isEqualTo(PAGE);
                await().atMost(Duration.ofSeconds(20)).until(() -> Forward.listening(toOther));
                assertThat(curl(List.of("http://127.0.0.1:" + toOther + "/" + HttpServer.FILE)).out()).isEmpty();
                assertThat(AuditRows.read(env.host())).anySatisfy(row -> assertThat(row.type() + " " + row.outcome()
                        + " " + row.detail()).startsWith("session.port-forward denied direct-tcpip to 127.0.0.1:"
                        + other.port()).endsWith("the key's permitopen= does not name 127.0.0.1:" + other.port()));
            }
        }
    }

    /** sshd's {@code permitlisten="port"}: -R listens on the port it names and no other, audited. */
    @Test
    void aKeysPermitlistenAdmitsTheListenerItNamesOnly() throws Exception {
        int named = Forward.freePort();
        int other = Forward.freePort();
        String key = Files.readString(Path.of(env.alice().key() + ".pub")).strip();
        Files.writeString(env.alice().home().resolve(".ssh/authorized_keys"),
                "permitlisten=\"" + named + "\" " + key + "\n", StandardCharsets.UTF_8);
        try (HttpServer web = HttpServer.start(tmp, "127.0.0.1", PAGE);
                Forward ssh = Forward.start(env, "-R", named + ":127.0.0.1:" + web.port())) {
            assertThat(ssh.curl("http://127.0.0.1:" + named + "/" + HttpServer.FILE)).isEqualTo(PAGE);

            Shell.Result r = Forward.refused(env, "-R", other + ":127.0.0.1:" + web.port());
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("remote port forwarding failed for listen port " + other);
            assertThat(listeners(other)).isEmpty();
            assertThat(AuditRows.read(env.host())).anySatisfy(row -> assertThat(row.type() + " " + row.outcome() + " "
                    + row.detail()).isEqualTo("session.port-forward denied tcpip-forward on localhost:" + other
                    + ": the key's permitlisten= does not name localhost:" + other));
        }
    }

    @Test
    void remoteForwardListensAsTheUserOnLoopbackAndServesARequest() throws Exception {
        int remote = Forward.freePort();
        int second = Forward.freePort();
        int third = Forward.freePort();
        try (HttpServer web = HttpServer.start(tmp, "127.0.0.1", PAGE);
                // the client asks for every address; the listeners are on loopback all the same, on
                // both loopbacks as sshd binds them, unless the client names one. Three at once: their
                // replies must come in the order asked
                Forward ssh = Forward.start(env, "-R", "0.0.0.0:" + remote + ":127.0.0.1:" + web.port(),
                        "-R", second + ":127.0.0.1:" + web.port(), "-R", "127.0.0.1:" + third + ":127.0.0.1:"
                        + web.port())) {
            assertThat(ssh.curl("http://127.0.0.1:" + remote + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            assertThat(ssh.curl("--globoff", "http://[::1]:" + remote + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            assertThat(ssh.curl("http://localhost:" + second + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            assertThat(ssh.curl("http://127.0.0.1:" + third + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            String uid = " uid " + env.alice().uid();
            assertThat(listeners(remote)).containsExactlyInAnyOrder(IPV4_LOOPBACK + uid, IPV6_LOOPBACK + uid);
            assertThat(listeners(second)).containsExactlyInAnyOrder(IPV4_LOOPBACK + uid, IPV6_LOOPBACK + uid);
            assertThat(listeners(third)).containsExactly(IPV4_LOOPBACK + uid);
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            assertThat(AuditRows.of(env.host(), "session.port-forward", id)).anySatisfy(r -> assertThat(
                    r.outcome() + " " + r.detail()).isEqualTo("success tcpip-forward on 0.0.0.0:" + remote
                    + ", listening on 127.0.0.1:" + remote + " and [::1]:" + remote));

            ssh.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners(remote).isEmpty()
                    && listeners(second).isEmpty() && listeners(third).isEmpty());
        }
    }

    @Test
    void aRemoteForwardOfAPrivilegedPortFailsForAUserAsTheKernelRefusesIt() throws Exception {
        // (read by cat: the JDK's readString of this procfs file, which says its size is 0, returned "1")
        assertThat(Shell.run(List.of("cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start")).out().strip())
                .isEqualTo("1024");
        int privileged = 1000;
        assertThat(listeners(privileged)).isEmpty();
        Shell.Result r = Forward.refused(env, "-R", privileged + ":127.0.0.1:9");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("remote port forwarding failed for listen port " + privileged);
        assertThat(listeners(privileged)).isEmpty();
        assertThat(AuditRows.read(env.host())).anySatisfy(row -> assertThat(row.type() + " " + row.outcome() + " "
                + row.detail()).isEqualTo("session.port-forward failed tcpip-forward on localhost:" + privileged
                + ": Permission denied"));
    }

    @Test
    void aLocalForwardOfASocketPathConnectsAsTheUserSoTheSocketsDirectoryDecides() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectory(tmp.resolve("open"));
        Path closed = Files.createDirectory(tmp.resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int local = Forward.freePort();
        int refused = Forward.freePort();
        try (HttpServer web = HttpServer.startOnSocket(tmp.resolve("www"), open.resolve("web.sock"), PAGE);
                HttpServer root = HttpServer.startOnSocket(tmp.resolve("www"), closed.resolve("web.sock"), PAGE);
                Forward ssh = Forward.start(env, "-L", "127.0.0.1:" + local + ":" + open.resolve("web.sock"),
                        "-L", "127.0.0.1:" + refused + ":" + closed.resolve("web.sock"))) {
            assertThat(ssh.curl("http://127.0.0.1:" + local + "/" + HttpServer.FILE)).isEqualTo(PAGE);
            // root's 0700 directory: root's daemon could connect there, the user cannot
            assertThat(curl(List.of("http://127.0.0.1:" + refused + "/" + HttpServer.FILE)).exit()).isNotZero();

            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    AuditRows.of(env.host(), "session.port-forward", id)).extracting(r -> r.outcome() + " " + r.detail())
                    .contains("success direct-streamlocal to " + open.resolve("web.sock"),
                            "failed direct-streamlocal to " + closed.resolve("web.sock") + ": Permission denied"));
        }
    }

    @Test
    void aRemoteForwardOfASocketPathListensAsTheUserWithMode0600() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mine = Files.createDirectory(tmp.resolve("alice"));
        Files.setAttribute(mine, "unix:uid", env.alice().uid());
        Path socket = mine.resolve("r.sock");
        try (HttpServer web = HttpServer.start(tmp.resolve("www"), "127.0.0.1", PAGE);
                Forward ssh = Forward.start(env, "-R", socket + ":127.0.0.1:" + web.port())) {
            assertThat(ssh.curl("--unix-socket", socket.toString(), "http://localhost/" + HttpServer.FILE))
                    .isEqualTo(PAGE);
            assertThat(Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(env.alice().uid());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
                    .as("sshd's StreamLocalBindMask 0177").isEqualTo("rw-------");
            int id = SessionList.of(env.host()).ofUser(env.alice().name()).orElseThrow().id();
            assertThat(AuditRows.of(env.host(), "session.port-forward", id)).extracting(r -> r.outcome() + " "
                    + r.detail()).contains("success streamlocal-forward on " + socket);

            // in root's directory the user's bind fails, as the kernel refuses it: nothing is made there
            Path denied = tmp.resolve("denied.sock");
            Shell.Result r = Forward.refused(env, "-R", denied + ":127.0.0.1:9");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("remote port forwarding failed for listen path " + denied);
            assertThat(denied).doesNotExist();
            assertThat(AuditRows.read(env.host())).anySatisfy(row -> assertThat(row.type() + " " + row.outcome() + " "
                    + row.detail()).isEqualTo("session.port-forward failed streamlocal-forward on " + denied
                    + ": Permission denied"));

            // the listener ends with the connection; its file stays, as sshd leaves it
            ssh.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> curl(List.of("--unix-socket", socket.toString(),
                    "http://localhost/" + HttpServer.FILE)).exit() != 0);
            assertThat(socket).exists();
        }
    }

    /** curl ARGS, without a proxy unless ARGS name one (a later --proxy wins). */
    static Shell.Result curl(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--proxy", ""));
        cmd.addAll(args);
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(30));
    }

    /** The uids that own TCP connections to {@code port} on this host: the client side of each. */
    private static List<Integer> ownersOfConnectionsTo(int port) throws Exception {
        return sockets().stream().filter(f -> f[2].endsWith(hexPort(port)) && f[3].equals("01"))
                .map(f -> Integer.parseInt(f[7])).toList();
    }

    /** 127.0.0.1 and ::1 as /proc/net/tcp and tcp6 write them. */
    private static final String IPV4_LOOPBACK = "0100007F";
    private static final String IPV6_LOOPBACK = "00000000000000000000000001000000";

    /** The listening TCP sockets on {@code port}: "ADDRESS uid UID" each. */
    private static List<String> listeners(int port) throws Exception {
        return sockets().stream().filter(f -> f[1].endsWith(hexPort(port)) && f[3].equals("0A"))
                .map(f -> f[1].substring(0, f[1].indexOf(':')) + " uid " + f[7]).toList();
    }

    /** The rows of /proc/net/tcp and tcp6, split: sl, local, remote, state, queues, timer, retransmits, uid, ... */
    private static List<String[]> sockets() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 7 && f[1].contains(":")) {
                    rows.add(f);
                }
            }
        }
        return rows;
    }

    private static String hexPort(int port) {
        return String.format(":%04X", port);
    }

    private static String commandOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (Exception e) {
            return "";
        }
    }
}
