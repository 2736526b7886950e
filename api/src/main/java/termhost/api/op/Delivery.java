package termhost.api.op;

import java.util.LinkedHashMap;
import java.util.Map;
import termhost.api.DeliveryOutcome;
import termhost.api.wire.Fields;

/**
 * A {@code msg} in one session.
 *
 * @param id the session's ID
 * @param user the session's owner
 */
public record Delivery(int id, String user, DeliveryOutcome outcome) {
    private static final String ID = "id";
    private static final String USER = "user";
    private static final String OUTCOME = "outcome";

    Map<String, String> toRow() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(ID, Integer.toString(id));
        r.put(USER, user);
        r.put(OUTCOME, outcome.wireName());
        return r;
    }

    static Delivery fromRow(Map<String, String> r) {
        return new Delivery(Fields.integer(r, ID), Fields.text(r, USER),
                DeliveryOutcome.fromWireName(Fields.text(r, OUTCOME)));
    }
}
