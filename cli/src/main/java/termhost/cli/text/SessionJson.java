package termhost.cli.text;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import termhost.api.op.SessionRow;

/**
 * Sessions in the fields of PowerShell's Get-RDUserSession, for scripts: HostServer,
 * UnifiedSessionId, SessionId, UserName, SessionState (STATE_ACTIVE, STATE_DISCONNECTED, ...),
 * CreateTime, DisconnectTime, IdleTime (milliseconds of no user input), ClientAddress.
 */
public final class SessionJson {
    private SessionJson() {
    }

    public static String format(List<SessionRow> rows, Instant now) {
        List<Map<String, Object>> objects = new java.util.ArrayList<>(rows.size());
        for (SessionRow r : rows) {
            objects.add(object(r, now));
        }
        return Json.array(objects);
    }

    private static Map<String, Object> object(SessionRow r, Instant now) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("HostServer", r.host() == null ? "" : r.host());
        o.put("UnifiedSessionId", r.id());
        o.put("SessionId", r.id());
        o.put("SessionName", r.name());
        o.put("UserName", r.user());
        o.put("SessionState", "STATE_" + switch (r.state()) {
            case ACTIVE -> "ACTIVE";
            case DISCONNECTED -> "DISCONNECTED";
            case LISTEN -> "LISTEN";
            case CONNECTED -> "CONNECTED";
            case DOWN -> "DOWN";
        });
        o.put("CreateTime", time(r.logon()));
        o.put("DisconnectTime", time(r.disconnect()));
        o.put("IdleTime", r.lastInput() == null ? null
                : Math.max(0, now.toEpochMilli() - r.lastInput().toEpochMilli()));
        o.put("ClientAddress", r.client());
        o.put("Current", r.current());
        // ours: why a session shown Down could not be logged off (it is tried again)
        o.put("LogoffFailure", r.failure());
        return o;
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
