package termhost.api.op;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import termhost.api.wire.Fields;

/**
 * One audit record as {@code termhost audit} shows it. Text fields the record lacks are empty.
 *
 * @param type the stable type name, e.g. {@code session.logoff}
 * @param session the session's ID, or null for a record about no session
 */
public record AuditRecord(Instant at, String type, String outcome, String actor, String source, Integer session,
        String owner, String detail) {
    private static final String AT = "at";
    private static final String TYPE = "type";
    private static final String OUTCOME = "outcome";
    private static final String ACTOR = "actor";
    private static final String SOURCE = "source";
    private static final String SESSION = "session";
    private static final String OWNER = "owner";
    private static final String DETAIL = "detail";

    Map<String, String> toRow() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(AT, at.toString());
        r.put(TYPE, type);
        r.put(ACTOR, actor);
        r.put(SOURCE, source);
        r.put(SESSION, session == null ? "" : session.toString());
        r.put(OWNER, owner);
        r.put(OUTCOME, outcome);
        r.put(DETAIL, detail);
        return r;
    }

    static AuditRecord fromRow(Map<String, String> r) {
        String at = Fields.text(r, AT);
        try {
            return new AuditRecord(Instant.parse(at), Fields.text(r, TYPE), Fields.text(r, OUTCOME),
                    r.getOrDefault(ACTOR, ""), r.getOrDefault(SOURCE, ""), Fields.optionalInteger(r, SESSION),
                    r.getOrDefault(OWNER, ""), r.getOrDefault(DETAIL, ""));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field 'at' is not an instant: " + at);
        }
    }
}
