package termhost.api.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Length-prefixed binary encoding of {@link Message}s.
 *
 * <p>Frame: magic {@code 0x54480001} ("TH", version 1), then the type, a field count, the
 * fields, a row count and the rows; strings are an int length and UTF-8 bytes. Every count and
 * length is bounded before anything is allocated, so a malformed or hostile peer gets a
 * {@link ProtocolException} and never makes the reader allocate much.
 */
public final class WireCodec {
    public static final int MAGIC = 0x54480001;
    public static final int MAX_STRING = 1 << 20;
    public static final int MAX_FIELDS = 256;
    public static final int MAX_ROWS = 100_000;

    private WireCodec() {
    }

    public static void write(DataOutputStream out, Message m) throws IOException {
        out.writeInt(MAGIC);
        writeString(out, m.type());
        writeMap(out, m.fields());
        out.writeInt(m.rows().size());
        for (Map<String, String> row : m.rows()) {
            writeMap(out, row);
        }
        out.flush();
    }

    /** Reads one message, or returns null at a clean end of stream before its first byte. */
    public static Message read(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (magic != MAGIC) {
            throw new ProtocolException("bad frame magic 0x" + Integer.toHexString(magic));
        }
        String type = readString(in);
        Map<String, String> fields = readMap(in);
        int rowCount = bounded(in.readInt(), MAX_ROWS, "row count");
        List<Map<String, String>> rows = new ArrayList<>(Math.min(rowCount, 1024));
        for (int i = 0; i < rowCount; i++) {
            rows.add(readMap(in));
        }
        return new Message(type, fields, rows);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_FIELDS, "field count");
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) {
            throw new ProtocolException("string of " + b.length + " bytes exceeds " + MAX_STRING);
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_STRING, "string length");
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new ProtocolException("truncated string: " + b.length + " of " + n + " bytes");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int bounded(int value, int max, String what) throws ProtocolException {
        if (value < 0 || value > max) {
            throw new ProtocolException(what + " " + value + " out of range 0.." + max);
        }
        return value;
    }

    /** The peer sent something that is not a well-formed frame. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }
}
