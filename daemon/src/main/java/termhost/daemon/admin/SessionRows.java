package termhost.daemon.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import termhost.api.SessionState;
import termhost.daemon.session.Session;

/** The fields of a session as the listing operations send them (Get-RDUserSession's, and ours). */
final class SessionRows {
    private SessionRows() {
    }

    static Map<String, String> of(Session s, boolean current, String host) {
        Map<String, String> r = fixed(s.id(), s.name().orElse(""), s.owner().name(), s.state(), current, host);
        r.put("logon", Long.toString(s.logonTime().toEpochMilli()));
        r.put("last_input", Long.toString(s.lastInputTime().toEpochMilli()));
        if (s.disconnectTime() != null) {
            r.put("disconnect", Long.toString(s.disconnectTime().toEpochMilli()));
        }
        r.put("client", s.clientAddress() == null ? "" : s.clientAddress());
        r.put("kind", s.kind().wireName());
        return r;
    }

    /** A row that is not a session of ours: services, console, listener. */
    static Map<String, String> fixed(int id, String name, String user, SessionState state, boolean current,
            String host) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("host", host);
        r.put("id", Integer.toString(id));
        r.put("name", name);
        r.put("user", user);
        r.put("state", state.wireName());
        r.put("current", Boolean.toString(current));
        return r;
    }
}
