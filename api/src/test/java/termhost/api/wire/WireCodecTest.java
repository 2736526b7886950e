package termhost.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    @Test
    void aMessageWithFieldsAndRowsRoundTrips() throws IOException {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", "2");
        row.put("user", "алиса");
        row.put("empty", "");
        Message m = new Message("query-session", Map.of("lang", "ru-RU", "filter", "ssh#1"), List.of(row, Map.of()));

        Message back = WireCodec.read(in(bytes(m)));

        assertThat(back).isEqualTo(m);
        assertThat(back.rows().get(0)).isEqualTo(row); // fields are named; their order carries nothing
    }

    @Test
    void severalMessagesFollowEachOtherAndACleanEndIsNull() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        WireCodec.write(out, Message.of("event", Map.of("n", "1")));
        WireCodec.write(out, Message.of("result", Map.of()));
        DataInputStream in = in(buf.toByteArray());

        assertThat(WireCodec.read(in).type()).isEqualTo("event");
        assertThat(WireCodec.read(in).type()).isEqualTo("result");
        assertThat(WireCodec.read(in)).isNull();
    }

    @Test
    void aBadMagicIsAProtocolError() {
        byte[] b = bytes(Message.of("x", Map.of()));
        b[0] = 0x00;
        assertThatThrownBy(() -> WireCodec.read(in(b))).isInstanceOf(WireCodec.ProtocolException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void lengthsBeyondTheBoundsAreRefusedBeforeAllocation() throws IOException {
        assertThatThrownBy(() -> WireCodec.read(in(frame(WireCodec.MAX_STRING + 1))))
                .isInstanceOf(WireCodec.ProtocolException.class).hasMessageContaining("string length");
        assertThatThrownBy(() -> WireCodec.read(in(frame(-1))))
                .isInstanceOf(WireCodec.ProtocolException.class).hasMessageContaining("out of range");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(WireCodec.MAGIC);
        out.writeInt(1);
        out.write('x');
        out.writeInt(WireCodec.MAX_FIELDS + 1);
        assertThatThrownBy(() -> WireCodec.read(in(buf.toByteArray())))
                .isInstanceOf(WireCodec.ProtocolException.class).hasMessageContaining("field count");
    }

    @Test
    void theBoundsThemselvesAreAccepted() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < WireCodec.MAX_FIELDS; i++) {
            fields.put("f" + i, "v");
        }
        Message m = new Message("t", Map.of("big", "y".repeat(WireCodec.MAX_STRING)), List.of(fields));
        assertThat(WireCodec.read(in(bytes(m)))).isEqualTo(m);
    }

    @Test
    void aTruncatedStringIsAProtocolError() {
        byte[] whole = bytes(Message.of("query-session", Map.of()));
        byte[] cut = java.util.Arrays.copyOf(whole, 10);
        assertThatThrownBy(() -> WireCodec.read(in(cut))).isInstanceOf(IOException.class);
    }

    @Test
    void writingAStringOverTheBoundFails() {
        Message m = Message.of("t", Map.of("big", "y".repeat(WireCodec.MAX_STRING + 1)));
        assertThatThrownBy(() -> bytes(m)).hasRootCauseInstanceOf(WireCodec.ProtocolException.class);
    }

    /** A frame whose type string claims {@code length} bytes. */
    private static byte[] frame(int length) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(WireCodec.MAGIC);
        out.writeInt(length);
        return buf.toByteArray();
    }

    private static byte[] bytes(Message m) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            WireCodec.write(new DataOutputStream(buf), m);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }
}
