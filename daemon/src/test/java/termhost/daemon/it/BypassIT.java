package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;

/**
 * Issue 4, item 4: the ways around the permission model a user could try, each tried for real by
 * an ordinary user (bob) against another user's (alice's) sessions, and each refused.
 */
@ExtendWith(RootRequired.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BypassIT {
    private static final String DENIED_LINE = "Error [5]:Access is denied.";

    private Path tmp;
    private TermhostProcess host;
    private TestUser alice;
    private TestUser bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        host = TermhostProcess.start(tmp.resolve("state"), "logoff.grace-period=300ms",
                "logon.max-failures-per-minute=1000");
        alice = TestUser.create(tmp);
        bob = TestUser.create(tmp);
        ServerSwitch.prepare(host, bob);
    }

    @AfterAll
    void stop() throws Exception {
        try (TermhostProcess h = host; TestUser a = alice; TestUser b = bob) {
            // each closed even when another fails
        }
    }

    @Test
    void aForgedEnvironmentChangesNothing() throws Exception {
        try (HeldSession aliceSession = HeldSession.open(host, alice)) {
            Map<String, String> forged = Map.of("TERMHOST_SESSION_ID", aliceSession.idText(), "USER", alice.name(),
                    "LOGNAME", alice.name(), "SUDO_USER", "root", "SUDO_UID", "0");
            int mark = auditSize();

            Shell.Result query = host.commandAs(bob, forged, "query", "session");
            Shell.Result ownLogoff = host.commandAs(bob, forged, "logoff");
            Shell.Result logoff = host.commandAs(bob, forged, "logoff", aliceSession.idText());
            List<String> ssh = new ArrayList<>(List.of("ssh"));
            ssh.addAll(new SshClient(host, bob).options());
            ssh.addAll(List.of("-o", "SetEnv=USER=" + alice.name() + " LOGNAME=" + alice.name()
                    + " TERMHOST_SESSION_ID=" + aliceSession.id(), bob.name() + "@127.0.0.1",
                    "logoff " + aliceSession.id()));
            Shell.Result overSsh = Shell.run(ssh, Map.of(), null, Duration.ofSeconds(60));

            assertThat(query.exit()).as(query.err()).isZero();
            assertThat(SessionList.parse(query.out()).rows()).as(query.out()).noneMatch(SessionList.Row::current);
            assertThat(ownLogoff.exit()).isEqualTo(1);
            assertThat(ownLogoff.err()).doesNotContain(alice.name());
            for (Shell.Result r : List.of(logoff, overSsh)) {
                assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
                assertThat(r.err().lines()).contains(DENIED_LINE);
            }
            assertThat(aliceSession.gone()).isFalse();
            assertThat(since(mark)).filteredOn(a -> a.type().equals("access.denied")).hasSize(2)
                    .allSatisfy(a -> {
                        assertThat(a.actor()).isEqualTo(bob.name());
                        assertThat(a.session()).isEqualTo(aliceSession.idText());
                    });
            // (the exec session of bob's ssh request is logged off when it ends: only alice's counts)
            assertThat(since(mark)).filteredOn(a -> a.type().equals("session.logoff")
                    && a.session().equals(aliceSession.idText())).isEmpty();

            // inside bob's own session, the forged variables do not make "logoff" mean alice's session
            int mark2 = auditSize();
            Shell.Result inside = new SshClient(host, bob).exec("USER=" + alice.name() + " LOGNAME=" + alice.name()
                    + " TERMHOST_SESSION_ID=" + aliceSession.id() + " " + bin("logoff"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !since(mark2).stream()
                    .filter(a -> a.type().equals("session.logoff")).toList().isEmpty());
            assertThat(since(mark2)).as(inside.toString()).filteredOn(a -> a.type().equals("session.logoff"))
                    .singleElement().satisfies(a -> {
                        assertThat(a.actor()).isEqualTo(bob.name());
                        assertThat(a.owner()).isEqualTo(bob.name());
                    });
            assertThat(aliceSession.gone()).isFalse();
        }
    }

    @Test
    void aHandCraftedRequestCannotSpeakForAnotherUser() throws Exception {
        try (HeldSession aliceSession = HeldSession.open(host, alice)) {
            int mark = auditSize();
            String[] claims = {"user=root", "uid=0", "gid=0", "pid=1", "caller=" + alice.name(),
                "actor=" + alice.name(), "owner=" + bob.name(), "source=start-up"};

            Shell.Result logoff = forge(bob, "logoff", claims, "session=" + aliceSession.id());
            Shell.Result grant = forge(bob, "rights", claims, "action=grant", "principal=" + bob.name(),
                    "rights=FullControl");
            Shell.Result audit = forge(bob, "audit", claims);

            for (Shell.Result r : List.of(logoff, grant, audit)) {
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).as(r.err()).startsWith("error ").contains("category=access_denied");
            }
            assertThat(aliceSession.gone()).isFalse();
            assertThat(effectiveRights(bob)).isEqualTo("UserAccess");
            assertThat(since(mark)).filteredOn(a -> a.type().equals("access.denied")).hasSize(3)
                    .allSatisfy(a -> {
                        assertThat(a.actor()).isEqualTo(bob.name());
                        assertThat(a.source()).matches("local pid \\d+").isNotEqualTo("local pid 1");
                    });
            assertThat(since(mark)).extracting(AuditRows.Row::type)
                    .doesNotContain("session.logoff", "permission.change");
        }
    }

    @Test
    void malformedRequestsGetAnErrorAndTheDaemonStaysUp() throws Exception {
        List<byte[]> garbage = List.of(
                "GET / HTTP/1.0\r\n\r\n".getBytes(),
                frame(WireCodec.MAGIC, Integer.MAX_VALUE), // a string longer than allowed
                frame(WireCodec.MAGIC, -1), // a negative length
                frame(WireCodec.MAGIC, 5, 'l', 'o', 'g'), // ends mid-string
                frame(WireCodec.MAGIC, 6, 'l', 'o', 'g', 'o', 'f', 'f', 100_000, 0), // too many fields
                frame(0x54480002)); // a version we do not speak
        for (byte[] g : garbage) {
            List<Message> replies = exchangeRaw(g);
            assertThat(replies).as(new String(g)).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo(Message.ERROR);
                assertThat(m.field("category")).isEqualTo("invalid_argument");
            });
        }
        for (Message m : List.of(Message.of("no-such-operation", Map.of()),
                Message.of("logoff", Map.of("session", "-1")),
                Message.of("logoff", Map.of("session", "99999999999999999999999")),
                Message.of("logoff", Map.of("session", "\u0000\n;rm -rf /")),
                Message.of("rights", Map.of("action", "grant", "principal", "*", "rights", "NoSuchRight")),
                Message.of("query-session", Map.of("filter", "x".repeat(100_000))))) {
            List<Message> replies = exchangeRaw(encode(m));
            assertThat(replies).as(m.toString()).last().satisfies(r -> assertThat(r.type())
                    .isIn(Message.ERROR, Message.RESULT));
        }
        // and it still answers, as the same process
        assertThat(ProcessHandle.of(host.pid()).map(ProcessHandle::isAlive)).hasValue(true);
        assertThat(SessionList.of(host).byId(65536)).isPresent();
    }

    @Test
    void someoneElsesSessionIdOrNameIsRefusedOnEveryPath() throws Exception {
        try (LiveSession aliceSession = LiveSession.logon(host, alice, tmp.resolve("term-alice"))) {
            String name = aliceSession.name(host);
            int mark = auditSize();

            List<Shell.Result> tries = List.of(
                    host.commandAs(bob, Map.of(), "logoff", aliceSession.idText()),
                    host.commandAs(bob, Map.of(), "logoff", name),
                    host.commandAs(bob, Map.of(), "logoff", name.toUpperCase()),
                    host.commandAs(bob, Map.of(), "logoff", name, ServerSwitch.of(host)),
                    new SshClient(host, bob).exec("logoff " + name),
                    new SshClient(host, bob).exec("logoff 0" + aliceSession.id()));

            for (Shell.Result r : tries) {
                assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
                assertThat(r.err().lines()).contains(DENIED_LINE);
            }
            assertThat(since(mark)).filteredOn(a -> a.type().equals("access.denied")).hasSize(tries.size())
                    .allSatisfy(a -> {
                        assertThat(a.actor()).isEqualTo(bob.name());
                        assertThat(a.session()).isEqualTo(aliceSession.idText());
                        assertThat(a.owner()).isEqualTo(alice.name());
                    });
            aliceSession.terminal().typeLine("echo STILL-$((40+2))");
            aliceSession.terminal().awaitScreen("STILL-42");
        }
    }

    @Test
    void aProcessCannotLeaveItsSessionCgroup() throws Exception {
        try (HeldSession bobSession = HeldSession.open(host, bob)) {
            Path unified = Path.of("/sys/fs/cgroup/unified");
            List<Path> targets = List.of(unified, host.cgroupParent(), host.sessionCgroup(bobSession.id()));
            StringBuilder script = new StringBuilder();
            for (Path t : targets) {
                script.append("if echo $$ > ").append(t).append("/cgroup.procs 2>/dev/null; then echo MOVED ")
                        .append(t).append("; else echo REFUSED ").append(t).append("; fi; ");
            }
            script.append("own=$(sed -n 's/^0:://p' /proc/$$/cgroup); ")
                    .append("if mkdir ").append(unified).append("$own/escape 2>/dev/null; then echo MKDIR-OK; ")
                    .append("else echo MKDIR-REFUSED; fi; echo NOW $(sed -n 's/^0:://p' /proc/$$/cgroup)");
            Set<Integer> aliceBefore = sessionsOf(alice);

            Shell.Result r = new SshClient(host, alice).exec(script.toString());

            assertThat(r.exit()).as(r.err()).isZero();
            for (Path t : targets) {
                assertThat(r.out().lines()).as(r.out()).contains("REFUSED " + t);
            }
            assertThat(r.out().lines()).contains("MKDIR-REFUSED");
            assertThat(r.out().lines().filter(l -> l.startsWith("NOW ")).findFirst()).as(r.out())
                    .hasValueSatisfying(l -> assertThat(l).matches("NOW /" + host.cgroupParent().getFileName()
                            + "/session-\\d+").isNotEqualTo("NOW /" + host.cgroupParent().getFileName()
                            + "/session-" + bobSession.id()));
            assertThat(Files.readString(host.sessionCgroup(bobSession.id()).resolve("cgroup.procs")))
                    .isNotBlank();
            // alice's exec session is logged off after her client has the exit status: wait for it, or
            // its logoff record may land among the rows a later test counts
            await().atMost(Duration.ofSeconds(20)).until(() -> aliceBefore.containsAll(sessionsOf(alice)));
        }
    }

    @Test
    void theStoreAndHostKeyAreReadableByTheDaemonAlone() throws Exception {
        // a logon and a logoff first, so the store has written its WAL
        Set<Integer> aliceBefore = sessionsOf(alice);
        new SshClient(host, alice).exec("true").requireSuccess("exec");
        // the exec session is logged off after its client has the exit status: wait, so the logoff is
        // done and its record cannot land among the rows a later test counts
        await().atMost(Duration.ofSeconds(20)).until(() -> aliceBefore.containsAll(sessionsOf(alice)));
        Path state = host.stateDir().resolve("state");
        List<Path> secrets = new ArrayList<>(List.of(host.database(), state.resolve("ssh_host_ed25519_key"),
                state.resolve("ssh_host_ecdsa_key")));
        for (String side : List.of("-wal", "-shm")) {
            Path p = Path.of(host.database() + side);
            if (Files.exists(p)) {
                secrets.add(p);
            }
        }

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(Files.getOwner(state).getName()).isEqualTo("root");
        for (Path p : secrets) {
            assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
            assertThat(Files.getOwner(p).getName()).as(p.toString()).isEqualTo("root");
            Shell.Result read = bob.runOnHost("cat '" + p + "' > /dev/null", Map.of());
            assertThat(read.exit()).as(p + " read by a user").isNotZero();
            assertThat(read.err()).contains("Permission denied");
        }
        assertThat(bob.runOnHost("ls '" + state + "'", Map.of()).exit()).isNotZero();
        // the run dir can be passed through, not listed; the socket is open to all (identity is SO_PEERCRED)
        assertThat(mode(host.stateDir().resolve("run"))).isEqualTo("rwx--x--x");
        assertThat(mode(host.stateDir().resolve("run").resolve("sessions"))).isEqualTo("rwx--x--x");
        assertThat(bob.runOnHost("ls '" + host.stateDir().resolve("run").resolve("sessions") + "'", Map.of())
                .exit()).isNotZero();
        assertThat(mode(host.socket())).isEqualTo("rw-rw-rw-");
    }

    @Test
    void rightsChangesByANonAdministratorAreRefusedAndAudited() {
        String before = host.command("rights").requireSuccess("rights").out();
        int mark = auditSize();

        List<Shell.Result> tries = List.of(
                host.commandAs(bob, Map.of(), "termhost", "rights", "/grant:" + bob.name(), "FullControl"),
                host.commandAs(bob, Map.of(), "termhost", "rights", "/deny:*", "Logon"),
                host.commandAs(bob, Map.of(), "termhost", "rights", "/revoke:@termhost-admins"),
                host.commandAs(bob, Map.of(), "termhost", "rights", "/reset"),
                host.commandAs(bob, Map.of(), "termhost", "rights"),
                host.commandAs(bob, Map.of(), "termhost", "rights", alice.name()),
                host.commandAs(bob, Map.of(), "termhost", "rights", "/grant:" + bob.name(), "Logoff",
                        ServerSwitch.of(host)),
                new SshClient(host, bob).exec("termhost rights /grant:" + bob.name() + " FullControl"));

        for (Shell.Result r : tries) {
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err().lines()).contains(DENIED_LINE);
        }
        assertThat(host.command("rights").out()).isEqualTo(before);
        assertThat(effectiveRights(bob)).isEqualTo("UserAccess");
        assertThat(since(mark)).filteredOn(a -> a.type().equals("access.denied")).hasSize(tries.size())
                .allSatisfy(a -> {
                    assertThat(a.actor()).isEqualTo(bob.name());
                    assertThat(a.detail()).startsWith("rights ").endsWith("needs Full Control");
                });
        assertThat(since(mark)).extracting(AuditRows.Row::type).doesNotContain("permission.change");
        // one's own effective rights are no secret
        Shell.Result own = host.commandAs(bob, Map.of(), "termhost", "rights", bob.name());
        assertThat(own.exit()).as(own.err()).isZero();
        assertThat(own.out()).contains("UserAccess");
    }

    @Test
    void aChangeAppliesAtOnceToARunningSession() throws Exception {
        try (LiveSession bobSession = LiveSession.logon(host, bob, tmp.resolve("term-bob"));
                HeldSession aliceSession = HeldSession.open(host, alice);
                HeldSession aliceOther = HeldSession.open(host, alice)) {
            Terminal t = bobSession.terminal();
            // the exit code is printed as 100N, so the typed command line itself never matches
            t.typeLine("logoff " + aliceSession.id() + "; echo RC1=$((1000+$?))");
            assertThat(t.awaitScreen("RC1=100")).contains("RC1=1001", DENIED_LINE);

            host.command("rights", "/grant:" + bob.name(), "Logoff").requireSuccess("grant");
            int mark = auditSize();
            t.typeLine("logoff " + aliceSession.id() + "; echo RC2=$((1000+$?))");
            assertThat(t.awaitScreen("RC2=100")).contains("RC2=1000");
            await().atMost(Duration.ofSeconds(20)).until(aliceSession::gone);
            assertThat(since(mark)).filteredOn(a -> a.type().equals("session.logoff")).singleElement()
                    .satisfies(a -> {
                        assertThat(a.actor()).isEqualTo(bob.name());
                        assertThat(a.owner()).isEqualTo(alice.name());
                        assertThat(a.session()).isEqualTo(aliceSession.idText());
                    });

            // a deny, too, holds from the next request on
            host.command("rights", "/deny:" + bob.name(), "QueryInformation").requireSuccess("deny");
            t.typeLine("clear; query session; echo RC3=$((1000+$?))");
            String screen = t.awaitScreen("RC3=1000");
            assertThat(screen).contains(bob.name()).doesNotContain(alice.name());
        } finally {
            host.command("rights", "/reset").requireSuccess("rights /reset");
        }
    }

    // ---- helpers

    /** Runs a tiny client, compiled from source as {@code user}, that sends one request with any fields. */
    private Shell.Result forge(TestUser user, String type, String[] claims, String... fields) throws IOException {
        Path dir = tmp.resolve("forge");
        Path source = dir.resolve("Forge.java");
        if (!Files.exists(source)) {
            Files.createDirectories(dir);
            Files.writeString(source, FORGE);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        }
        // the class path the daemon gave its command wrappers: readable by every user
        String wrapper = Files.readString(host.stateDir().resolve("run").resolve("bin").resolve("logoff"));
        java.util.regex.Matcher cp = java.util.regex.Pattern.compile("'-cp' '([^']+)'").matcher(wrapper);
        assertThat(cp.find()).as(wrapper).isTrue();
        // -XX:-UsePerfData: no /tmp/hsperfdata_<user> left behind once the test user is deleted
        StringBuilder cmd = new StringBuilder("'" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:-UsePerfData -cp '"
                + cp.group(1) + "' '" + source + "' '" + host.socket() + "' '" + type + "'");
        for (String f : claims) {
            cmd.append(" '").append(f).append('\'');
        }
        for (String f : fields) {
            cmd.append(" '").append(f).append('\'');
        }
        return user.runOnHost(cmd.toString(), Map.of());
    }

    private static final String FORGE = """
            import java.io.*;
            import java.net.*;
            import java.nio.channels.*;
            import java.util.*;
            import termhost.api.wire.*;

            public class Forge {
                public static void main(String[] a) throws Exception {
                    Map<String, String> f = new LinkedHashMap<>();
                    for (int i = 2; i < a.length; i++) {
                        int eq = a[i].indexOf('=');
                        f.put(a[i].substring(0, eq), a[i].substring(eq + 1));
                    }
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(UnixDomainSocketAddress.of(a[0]));
                        WireCodec.write(new DataOutputStream(Channels.newOutputStream(ch)), Message.of(a[1], f));
                        DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                        for (Message m; (m = WireCodec.read(in)) != null; ) {
                            System.out.println(m.type() + " " + new TreeMap<>(m.fields()) + " rows=" + m.rows().size());
                        }
                    }
                }
            }
            """;

    private List<Message> exchangeRaw(byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(host.socket()));
            ch.write(ByteBuffer.wrap(bytes));
            ch.shutdownOutput();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            List<Message> replies = new ArrayList<>();
            for (Message m; (m = WireCodec.read(in)) != null; ) {
                replies.add(m);
            }
            return replies;
        }
    }

    private static byte[] encode(Message m) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        WireCodec.write(new java.io.DataOutputStream(bytes), m);
        return bytes.toByteArray();
    }

    /** Ints as big-endian words, except small values 32..126 after a length, written as single bytes. */
    private static byte[] frame(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4);
        boolean chars = false;
        for (int w : words) {
            if (chars && w >= 32 && w < 127) {
                b.put((byte) w);
            } else {
                b.putInt(w);
                chars = w > 0 && w < 32;
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private String bin(String command) {
        return host.stateDir().resolve("run").resolve("bin").resolve(command).toString();
    }

    private String effectiveRights(TestUser u) {
        String line = host.command("rights", u.name()).requireSuccess("rights").out().trim();
        return line.substring(line.indexOf(": ") + 2, line.indexOf(" (groups"));
    }

    private int auditSize() {
        return AuditRows.read(host).size();
    }

    /** The ids of {@code u}'s listed sessions. */
    private Set<Integer> sessionsOf(TestUser u) {
        return SessionList.of(host).sessions().stream().filter(r -> r.user().equals(u.name()))
                .map(SessionList.Row::id).collect(Collectors.toSet());
    }

    private List<AuditRows.Row> since(int mark) {
        List<AuditRows.Row> all = AuditRows.read(host);
        return all.subList(Math.min(mark, all.size()), all.size());
    }
}
