package termhost.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import termhost.api.MessageKey;
import termhost.api.op.Operation;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.SessionListReply;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;
import termhost.cli.Main;
import termhost.cli.transport.LocalTransport;

/**
 * Issue 6, item 4: the control socket and the SSH exec path fed random, truncated, oversized and
 * well-formed-but-random requests, against one real daemon holding one session. After every try
 * the daemon still answers {@code query-session}, the set of sessions is what it was, and whatever
 * came back is a well-formed reply (malformed input: exactly one {@code error}).
 *
 * <p>The caller is root (Full Control), so the generators never produce a request that would
 * legitimately change a session: no existing session id or name, no {@code *}, no mutating switch.
 */
@AddLifecycleHook(RootOnly.class)
class ControlSocketFuzzIT {
    private static final int TRIES = 1000;
    private static final int SSH_TRIES = 60;
    /** Switches that change something on purpose (logon mode, rights) or block (msg /w): never generated. */
    private static final Set<String> MUTATING = Set.of("grant", "deny", "revoke", "reset", "enable", "disable",
            "drain", "drainuntilrestart", "w");

    private static Path tmp;
    private static TermhostProcess host;
    private static TestUser alice;
    private static TestUser bob;
    private static HeldSession held;
    private static Set<List<String>> baseline;

    @BeforeContainer
    static void startDaemon() throws Exception {
        tmp = Files.createTempDirectory("termhost-fuzz");
        host = TermhostProcess.start(tmp.resolve("state"));
        alice = TestUser.create(tmp);
        bob = TestUser.create(tmp);
        held = HeldSession.open(host, alice);
        baseline = sessions();
    }

    @AfterContainer
    static void stopDaemon() throws Exception {
        try (TermhostProcess h = host; TestUser a = alice; TestUser b = bob; HeldSession s = held) {
            // closed in reverse: the session, the users, then the daemon with whatever it left
        } finally {
            if (tmp != null) {
                try (Stream<Path> files = Files.walk(tmp)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void randomBytesGetOneErrorOrNothing(@ForAll @Size(max = 3000) byte[] bytes) throws Exception {
        List<Message> replies = exchange(bytes);
        if (bytes.length >= 4 && ByteBuffer.wrap(bytes).getInt() != WireCodec.MAGIC) {
            assertMalformedReply(replies);
        } else {
            assertThat(replies).allSatisfy(m -> assertThat(m.type()).isIn(Message.EVENT, Message.RESULT, Message.ERROR));
        }
        assertUnchanged();
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void truncatedFramesGetAMalformedError(@ForAll("messages") Message m, @ForAll("fractions") double cut)
            throws Exception {
        byte[] whole = encode(m);
        int length = 4 + (int) (cut * (whole.length - 4)); // at least the magic, never the whole frame
        List<Message> replies = exchange(java.util.Arrays.copyOf(whole, Math.min(length, whole.length - 1)));
        assertMalformedReply(replies);
        assertUnchanged();
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void oversizedLengthsGetAMalformedError(@ForAll("oversized") byte[] frame) throws Exception {
        assertMalformedReply(exchange(frame));
        assertUnchanged();
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void wellFormedRandomRequestsGetOneWellFormedAnswer(@ForAll("messages") Message m) throws Exception {
        List<Message> replies = exchange(encode(m));
        assertThat(replies).as("replies to %s", m).isNotEmpty();
        Message last = replies.get(replies.size() - 1);
        assertThat(last.type()).as("final reply to %s", m).isIn(Message.RESULT, Message.ERROR);
        assertThat(replies.subList(0, replies.size() - 1)).allSatisfy(r -> assertThat(r.type()).isEqualTo(Message.EVENT));
        if (last.type().equals(Message.ERROR)) {
            assertWellFormedError(last);
        }
        assertUnchanged();
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void theThinClientWithRandomArgumentsExitsZeroOrOne(@ForAll("commandLines") List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, Main.context(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("LANG", "C.UTF-8"), new LocalTransport(host.socket())));
        assertThat(code).as("%s:%n%s%s", argv, out, err).isIn(0, 1);
        assertUnchanged();
    }

    @Property(tries = SSH_TRIES, shrinking = ShrinkingMode.OFF)
    void logoffOverSshWithRandomArgumentsExitsZeroOrOne(@ForAll("sshArguments") List<String> args) {
        StringBuilder command = new StringBuilder("logoff");
        for (String a : args) {
            command.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Shell.Result r = new SshClient(host, bob).exec(command.toString());
        assertThat(r.exit()).as("%s:%n%s%s", command, r.out(), r.err()).isIn(0, 1);
        assertUnchanged();
    }

    // --- generators ---

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<Message> messages() {
        List<String> types = new ArrayList<>(Stream.of(Operation.values()).map(Operation::wireName).toList());
        types.addAll(List.of(Message.EVENT, Message.RESULT, Message.ERROR));
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of(types), junk());
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("session", "lang", "filter", "state", "id", "limit",
                "mode", "action", "principal", "rights", "text", "time", "to", "dest", "wait", "password", "user",
                "format"), junk());
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(key, value()).ofMaxSize(8);
        Arbitrary<List<Map<String, String>>> rows = fields.list().ofMaxSize(3);
        return Combinators.combine(type, fields, rows).as(Message::new)
                .filter(m -> m.fields().values().stream().noneMatch(ControlSocketFuzzIT::mutating));
    }

    /** A frame whose first length or count is out of range or longer than what follows. */
    @Provide
    Arbitrary<byte[]> oversized() {
        Arbitrary<Integer> bad = Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(-1),
                Arbitraries.integers().greaterOrEqual(WireCodec.MAX_STRING + 1),
                Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, WireCodec.MAX_STRING + 1));
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> claimed = Arbitraries.integers().between(1, WireCodec.MAX_STRING);
        return Combinators.combine(where, bad, claimed).as((w, b, c) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(bytes)) {
                d.writeInt(WireCodec.MAGIC);
                switch (w) {
                    case 0 -> d.writeInt(b); // type length
                    case 1 -> { // field count
                        writeString(d, Operation.QUERY_SESSION.wireName());
                        d.writeInt(b < 0 ? b : WireCodec.MAX_FIELDS + 1 + (b & 0xffff));
                    }
                    case 2 -> { // row count
                        writeString(d, Operation.QUERY_SESSION.wireName());
                        d.writeInt(0);
                        d.writeInt(b < 0 ? b : WireCodec.MAX_ROWS + 1 + (b & 0xffff));
                    }
                    case 3 -> { // a field value
                        writeString(d, Operation.LOGOFF.wireName());
                        d.writeInt(1);
                        writeString(d, "session");
                        d.writeInt(b);
                    }
                    default -> { // a length in range, the bytes never sent
                        d.writeInt(c);
                        d.write("query".getBytes(StandardCharsets.US_ASCII), 0, Math.min(c - 1, 5));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<List<String>> words = Arbitraries.of(List.of("logoff"), List.of("query", "session"),
                List.of("query", "user"), List.of("query", "process"), List.of("qwinsta"), List.of("quser"),
                List.of("reset", "session"), List.of("rwinsta"), List.of("tsdiscon"), List.of("tscon"),
                List.of("msg"), List.of("change", "logon"), List.of("chglogon"), List.of("rights"), List.of("audit"),
                List.of("config"), List.of("termhost", "logoff"), List.of("LOGOFF"), List.of("query"));
        // a named server would make the client run ssh to it: what is fuzzed here is the local path
        Arbitrary<String> local = argument().filter(a -> !a.toLowerCase(java.util.Locale.ROOT).matches("/server:.+"));
        return Combinators.combine(words, local.list().ofMaxSize(5)).as((w, a) -> {
            List<String> argv = new ArrayList<>(w);
            argv.addAll(a);
            return argv;
        });
    }

    @Provide
    Arbitrary<List<String>> sshArguments() {
        // no NUL: a command line cannot carry one; and a session named, or "logoff" alone would end,
        // as it should, the exec session it runs in (the user's shell runs it, as OpenSSH would)
        return argument().filter(a -> a.indexOf('\0') < 0).list().ofMaxSize(4)
                .filter(args -> args.stream().anyMatch(a -> !a.startsWith("/")));
    }

    private Arbitrary<String> argument() {
        Arbitrary<String> switchName = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(9)
                .filter(n -> !MUTATING.contains(n));
        Arbitrary<String> switches = Arbitraries.oneOf(
                Arbitraries.of("/v", "/?", "/server:", "/server:nowhere.invalid", "/state:disc", "/state:", "/time:",
                        "/time:-1", "/time:99999999999", "/format:json", "/format:xml", "/limit:0", "/limit:-5",
                        "/id:", "/mode", "/query", "/V", "//", "/", "/:", "/dest:console"),
                Combinators.combine(switchName, value()).as((n, v) -> "/" + n + ":" + v), switchName.map(n -> "/" + n));
        return Arbitraries.oneOf(switches, value()).filter(a -> !mutating(a));
    }

    /** Strings a session argument could be, none of them an existing session. */
    private static Arbitrary<String> value() {
        return Arbitraries.oneOf(junk(), Arbitraries.integers().between(100, 64_999).map(String::valueOf),
                Arbitraries.of("", " ", "0", "1", "-1", "65536", "65537", "2147483648", "99999999999999999999",
                        "console", "services", "rdp-tcp", "ssh", "ssh#", "ssh#-1", "ssh#99999", "../../etc/passwd",
                        "%s%n", "${jndi:x}", "\u0000", "\n", "Ω", "root", "nobody", "@termhost-admins", "ALL",
                        "x".repeat(5000)));
    }

    private static Arbitrary<String> junk() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** True for what could legitimately log off or change something: {@code *}, a live session, a mutating switch. */
    private static boolean mutating(String a) {
        String s = a.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.contains("*") || s.startsWith("ssh#") && s.length() > 4 && s.substring(4).matches("\\d+")) {
            return true;
        }
        if (s.startsWith("/")) {
            int colon = s.indexOf(':');
            return MUTATING.contains(colon < 0 ? s.substring(1) : s.substring(1, colon));
        }
        // the held session's id and name (services, console and the listener are fair game)
        return baseline != null && baseline.stream().filter(row -> !Set.of("0", "1", "65536").contains(row.get(0)))
                .anyMatch(row -> row.get(0).equals(s) || row.get(1).equalsIgnoreCase(s));
    }

    // --- the exchange and what must hold after it ---

    private static byte[] encode(Message m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireCodec.write(new DataOutputStream(bytes), m);
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    /** Sends {@code request}, half-closes, and reads every reply until the daemon closes. */
    private static List<Message> exchange(byte[] request) throws Exception {
        byte[] answer;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(host.socket()));
            CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> readAll(ch));
            try {
                ByteBuffer b = ByteBuffer.wrap(request);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.shutdownOutput();
            } catch (IOException e) {
                // the daemon may stop reading (and close) as soon as it has seen enough
            }
            answer = reading.get(30, TimeUnit.SECONDS);
        }
        List<Message> replies = new ArrayList<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer));
        for (Message m; (m = WireCodec.read(in)) != null; ) {
            replies.add(m);
        }
        return replies;
    }

    private static byte[] readAll(SocketChannel ch) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            while (ch.read(buf.clear()) >= 0) {
                all.write(buf.array(), 0, buf.position());
            }
        } catch (IOException e) {
            // a reset after the reply: what arrived before it is kept
        }
        return all.toByteArray();
    }

    private static void assertMalformedReply(List<Message> replies) {
        assertThat(replies).singleElement().satisfies(m -> {
            assertWellFormedError(m);
            assertThat(ErrorReply.fromMessage(m).key()).isEqualTo(MessageKey.ERROR_MALFORMED_REQUEST);
        });
    }

    private static void assertWellFormedError(Message m) {
        assertThat(m.type()).isEqualTo(Message.ERROR);
        // decoded and encoded again, it is what was sent: a known category, a known key
        assertThat(ErrorReply.fromMessage(m).toMessage()).as("a well-formed error").isEqualTo(m);
    }

    /** The daemon answers a good request, and lists exactly the sessions it listed before. */
    private static void assertUnchanged() {
        // an ssh try runs in an exec session of its own, logged off just after its client has its
        // status: wait for that one to go, then nothing else may differ
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(20))
                    .until(() -> sessions().equals(baseline));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(sessions()).as("sessions after the try").isEqualTo(baseline);
        }
    }

    /** (id, name, user, state, logon) of every row {@code query-session} returns. */
    private static Set<List<String>> sessions() {
        SessionListReply reply = new LocalTransport(host.socket()).call(new QuerySessionRequest(null), e -> { });
        return reply.sessions().stream().map(r -> List.of(Integer.toString(r.id()), r.name(), r.user(),
                r.state().wireName(), r.logon() == null ? "" : Long.toString(r.logon().toEpochMilli())))
                .collect(Collectors.toSet());
    }
}
