package termhost.api.op;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.api.wire.Fields;

/**
 * One row of a session listing, in the fields of Get-RDUserSession and ours. The services, console
 * and listener rows are not sessions of ours: they have no times, client or kind (null).
 *
 * @param name the session's name ({@code ssh#N}), empty while it is disconnected
 * @param current whether it is the caller's own session (the {@code >} mark)
 * @param lastInput the last user input (idle time counts from it), never output
 * @param disconnect when it was last disconnected, or null
 * @param client the client's address, empty when unknown
 * @param failure why its logoff failed, while it shows Down waiting to be tried again; else null
 */
public record SessionRow(String host, int id, String name, String user, SessionState state, boolean current,
        Instant logon, Instant lastInput, Instant disconnect, String client, SessionKind kind, String failure) {
    private static final String HOST = "host";
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String USER = "user";
    private static final String STATE = "state";
    private static final String CURRENT = "current";
    private static final String LOGON = "logon";
    private static final String LAST_INPUT = "last_input";
    private static final String DISCONNECT = "disconnect";
    private static final String CLIENT = "client";
    private static final String KIND = "kind";
    private static final String FAILURE = "failure";

    public SessionRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(state, "state");
    }

    /** A row that is not a session of ours: services, console, listener. */
    public static SessionRow fixed(String host, int id, String name, String user, SessionState state) {
        return new SessionRow(host, id, name, user, state, false, null, null, null, null, null, null);
    }

    Map<String, String> toRow() {
        Map<String, String> r = new LinkedHashMap<>();
        put(r, HOST, host);
        r.put(ID, Integer.toString(id));
        r.put(NAME, name);
        r.put(USER, user);
        r.put(STATE, state.wireName());
        r.put(CURRENT, Boolean.toString(current));
        put(r, LOGON, Fields.millis(logon));
        put(r, LAST_INPUT, Fields.millis(lastInput));
        put(r, DISCONNECT, Fields.millis(disconnect));
        put(r, CLIENT, client);
        put(r, KIND, kind == null ? null : kind.wireName());
        put(r, FAILURE, failure);
        return r;
    }

    static SessionRow fromRow(Map<String, String> r) {
        String kind = r.get(KIND);
        return new SessionRow(r.get(HOST), Fields.integer(r, ID), r.getOrDefault(NAME, ""), r.getOrDefault(USER, ""),
                SessionState.fromWireName(Fields.text(r, STATE)), Fields.flag(r, CURRENT),
                Fields.optionalMillis(r, LOGON), Fields.optionalMillis(r, LAST_INPUT),
                Fields.optionalMillis(r, DISCONNECT), r.get(CLIENT),
                kind == null ? null : SessionKind.fromWireName(kind), r.get(FAILURE));
    }

    private static void put(Map<String, String> r, String name, String value) {
        if (value != null) {
            r.put(name, value);
        }
    }
}
