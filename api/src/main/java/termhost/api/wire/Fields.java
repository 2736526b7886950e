package termhost.api.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reading and writing of the string fields of a {@link Message} or of one of its rows, for
 * the records that encode themselves. A value that is absent where it is required, or that does
 * not parse, is an {@link IllegalArgumentException} naming the field.
 */
public final class Fields {
    private Fields() {
    }

    public static String text(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    public static int integer(Map<String, String> fields, String name) {
        String v = text(fields, name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a number: " + v);
        }
    }

    /** The number, or null when the field is absent or empty. */
    public static Integer optionalInteger(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null || v.isEmpty() ? null : integer(fields, name);
    }

    public static long number(Map<String, String> fields, String name) {
        String v = text(fields, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a number: " + v);
        }
    }

    /** True only for {@code true}: a flag that is absent or anything else is false. */
    public static boolean flag(Map<String, String> fields, String name) {
        return "true".equals(fields.get(name));
    }

    /** An instant sent as epoch milliseconds, or null when the field is absent or empty. */
    public static Instant optionalMillis(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null || v.isEmpty() ? null : Instant.ofEpochMilli(number(fields, name));
    }

    public static String millis(Instant at) {
        return at == null ? null : Long.toString(at.toEpochMilli());
    }

    /** {@code prefix0}, {@code prefix1}, ... up to the first that is absent. */
    public static List<String> numbered(Map<String, String> fields, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; fields.get(prefix + i) != null; i++) {
            values.add(fields.get(prefix + i));
        }
        return values;
    }

    public static void putNumbered(Message.Builder b, String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            b.put(prefix + i, values.get(i));
        }
    }
}
