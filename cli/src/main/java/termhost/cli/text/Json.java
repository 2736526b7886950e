package termhost.cli.text;

import java.util.List;
import java.util.Map;

/** A small JSON writer for {@code /format:json}: arrays of flat objects, strings, numbers, null. */
public final class Json {
    private Json() {
    }

    public static String array(List<Map<String, Object>> objects) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < objects.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ");
            object(sb, objects.get(i));
        }
        return sb.append(objects.isEmpty() ? "]" : "\n]").toString();
    }

    private static void object(StringBuilder sb, Map<String, Object> o) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : o.entrySet()) {
            sb.append(first ? "" : ", ");
            first = false;
            string(sb, e.getKey());
            sb.append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, v.toString());
            }
        }
        sb.append('}');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
