package termhost.api.op;

import java.util.LinkedHashMap;
import java.util.Map;
import termhost.api.wire.Fields;

/**
 * One process of a session.
 *
 * @param user the session's owner
 * @param uid the process's own (real) uid, which a setuid program may have changed; -1 if unknown
 * @param name the session's name, empty while it is disconnected
 * @param id the session's ID
 * @param image the program's name ({@code comm})
 * @param current whether the session is the caller's own
 */
public record ProcessRow(String user, int uid, String name, int id, long pid, String image, boolean current) {
    private static final String USER = "user";
    private static final String UID = "uid";
    private static final String NAME = "name";
    private static final String ID = "id";
    private static final String PID = "pid";
    private static final String IMAGE = "image";
    private static final String CURRENT = "current";

    Map<String, String> toRow() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(USER, user);
        r.put(UID, Integer.toString(uid));
        r.put(NAME, name);
        r.put(ID, Integer.toString(id));
        r.put(PID, Long.toString(pid));
        r.put(IMAGE, image);
        r.put(CURRENT, Boolean.toString(current));
        return r;
    }

    static ProcessRow fromRow(Map<String, String> r) {
        return new ProcessRow(Fields.text(r, USER), Fields.integer(r, UID), r.getOrDefault(NAME, ""),
                Fields.integer(r, ID), Fields.number(r, PID), Fields.text(r, IMAGE), Fields.flag(r, CURRENT));
    }
}
