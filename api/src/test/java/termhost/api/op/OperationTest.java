package termhost.api.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import termhost.api.DeliveryOutcome;
import termhost.api.LogonMode;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.api.wire.Message;
import termhost.api.wire.WireCodec;

/**
 * Every operation's request and result survive the wire: encoded, written as a frame, read back
 * and decoded, they are what was sent. A new {@link Operation} fails here until it has a sample.
 */
class OperationTest {
    private static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);

    /** A request and the results it may get, typed together. */
    record Sample<R extends Reply>(Request<R> request, List<R> replies) {
        @SafeVarargs
        static <R extends Reply> Sample<R> of(Request<R> request, R... replies) {
            return new Sample<>(request, List.of(replies));
        }
    }

    private static final Map<Operation, List<Sample<?>>> SAMPLES = samples();

    private static Map<Operation, List<Sample<?>>> samples() {
        SessionListReply sessions = new SessionListReply(T, List.of(
                SessionRow.fixed("h", 0, "services", "", SessionState.DISCONNECTED),
                new SessionRow("h", 3, "ssh#7", "alice", SessionState.ACTIVE, true, T, T.plusSeconds(5), null,
                        "10.0.0.5:51234", SessionKind.INTERACTIVE, null),
                new SessionRow("h", 4, "", "bob", SessionState.DISCONNECTED, false, T, T, T.plusSeconds(9), "",
                        SessionKind.EXEC, null),
                new SessionRow("h", 5, "", "carol", SessionState.DOWN, false, T, T, T, "", SessionKind.INTERACTIVE,
                        "its teardown failed: Device or resource busy")));
        Map<Operation, List<Sample<?>>> s = new EnumMap<>(Operation.class);
        s.put(Operation.QUERY_SESSION, List.of(Sample.of(new QuerySessionRequest(null), sessions),
                Sample.of(new QuerySessionRequest("ssh#7"), new SessionListReply(T, List.of()))));
        s.put(Operation.QUERY_USER, List.of(Sample.of(new QueryUserRequest("alice"), sessions)));
        s.put(Operation.QUERY_PROCESS, List.of(Sample.of(new QueryProcessRequest("*", 3),
                new ProcessListReply(List.of(new ProcessRow("alice", 1000, "ssh#7", 3, 4711, "bash", true),
                        new ProcessRow("bob", -1, "", 4, 4712, "vi", false)))),
                Sample.of(new QueryProcessRequest(null, null), new ProcessListReply(List.of()))));
        s.put(Operation.LOGOFF, List.of(Sample.of(new LogoffRequest("3", null),
                new LogoffReply.Single(3, "alice", false, 2, "HUP+TERM", 120),
                LogoffReply.Single.alreadyGone(3, "alice")),
                Sample.of(new LogoffRequest("*", "disc"), new LogoffReply.Mass(12))));
        s.put(Operation.RESET, List.of(Sample.of(new ResetRequest("ssh#7", null),
                new LogoffReply.Single(3, "alice", false, 1, "KILL", 9)), Sample.of(new ResetRequest("*", "active"),
                new LogoffReply.Mass(0))));
        s.put(Operation.DISCONNECT, List.of(Sample.of(new DisconnectRequest(null), new DisconnectReply(3, 1))));
        s.put(Operation.CONNECT, List.of(Sample.of(new ConnectRequest("3", "ssh#9", "pa:ss w=ord"), new ConnectReply(3, 5)),
                Sample.of(new ConnectRequest("3", null, null), new ConnectReply(3, 5))));
        s.put(Operation.MESSAGE, List.of(Sample.of(
                new MessageRequest(List.of("alice", "4"), "hello\nthere", true, "30"),
                new MessageReply(List.of(new Delivery(3, "alice", DeliveryOutcome.ACKNOWLEDGED),
                        new Delivery(4, "bob", DeliveryOutcome.TIMED_OUT)))),
                Sample.of(new MessageRequest(List.of("*"), "", false, null), new MessageReply(List.of()))));
        s.put(Operation.LOGON_MODE, List.of(
                Sample.of(new LogonModeRequest(null), new LogonModeReply(LogonMode.ENABLED)),
                Sample.of(new LogonModeRequest(LogonMode.DRAIN_UNTIL_RESTART),
                        new LogonModeReply(LogonMode.DRAIN_UNTIL_RESTART))));
        s.put(Operation.AUDIT, List.of(Sample.of(new AuditRequest("20"), new AuditReply(List.of(
                new AuditRecord(T, "session.logoff", "success", "root", "local pid 9", 3, "alice",
                        "logged off by root"),
                new AuditRecord(T, "daemon.start", "success", "termhost", "", null, "", ""))))));
        s.put(Operation.CONFIG, List.of(Sample.of(new ConfigRequest(), new ConfigReply(List.of(
                new ConfigReply.Setting("listen", "127.0.0.1:2222", "default"))))));
        s.put(Operation.RIGHTS, List.of(
                Sample.of(new RightsRequest(RightsRequest.Action.GRANT, "@staff", "Logoff,Message"),
                        new RightsReply.Entries(List.of(new RightsReply.Entry("@staff", "grant", "Logoff,Message"),
                                new RightsReply.Entry("bob", "deny", "Logon")))),
                Sample.of(new RightsRequest(RightsRequest.Action.EFFECTIVE, null, null),
                        new RightsReply.Effective("bob", "UserAccess", "bob,staff"))));
        return s;
    }

    @Test
    void everyOperationHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(Operation.values());
    }

    @Test
    void wireNamesAreDistinctAndRoundTrip() {
        assertThat(Arrays.stream(Operation.values()).map(Operation::wireName)).doesNotHaveDuplicates();
        for (Operation o : Operation.values()) {
            assertThat(Operation.fromWireName(o.wireName())).isSameAs(o);
        }
        assertThatThrownBy(() -> Operation.fromWireName("LOGOFF")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void requestsAndResultsComeBackAsTheyWereSent(Operation op) throws IOException {
        for (Sample<?> sample : SAMPLES.get(op)) {
            check(op, sample);
        }
    }

    private static <R extends Reply> void check(Operation op, Sample<R> sample) throws IOException {
        Request<R> request = sample.request();
        assertThat(request.operation()).isSameAs(op);
        Message sent = viaFrame(request.toMessage());
        assertThat(sent.type()).isEqualTo(op.wireName());
        assertThat(op.decodeRequest(sent)).isInstanceOf(op.requestType()).isEqualTo(request);
        for (R reply : sample.replies()) {
            Message result = viaFrame(reply.toMessage());
            assertThat(result.type()).isEqualTo(Message.RESULT);
            assertThat(request.replyFrom(result)).isInstanceOf(op.replyType()).isEqualTo(reply);
        }
    }

    @Test
    void aValueThatDoesNotParseIsAnErrorNamingItsField() {
        Message m = Message.of(Operation.QUERY_PROCESS.wireName(), Map.of("id", "twelve"));
        assertThatThrownBy(() -> Operation.QUERY_PROCESS.decodeRequest(m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
        Message mode = Message.of(Operation.LOGON_MODE.wireName(), Map.of("mode", "sometimes"));
        assertThatThrownBy(() -> Operation.LOGON_MODE.decodeRequest(mode))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
    }

    @Test
    void fieldsARequestDoesNotKnowAreIgnored() {
        // a forged request may claim anything; who is asking is never read from it
        Message forged = Message.of(Operation.LOGOFF.wireName(), Map.of("session", "3", "uid", "0", "user", "root"));
        assertThat(Operation.LOGOFF.decodeRequest(forged)).isEqualTo(new LogoffRequest("3", null));
    }

    private static Message viaFrame(Message m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireCodec.write(new DataOutputStream(bytes), m);
        return WireCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
