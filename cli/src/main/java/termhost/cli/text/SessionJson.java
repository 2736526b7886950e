package termhost.cli.text;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions in the fields of PowerShell's Get-RDUserSession, for scripts: HostServer,
 * UnifiedSessionId, SessionId, UserName, SessionState (STATE_ACTIVE, STATE_DISCONNECTED, ...),
 * CreateTime, DisconnectTime, IdleTime (milliseconds of no user input), ClientAddress.
 */
public final class SessionJson {
    private SessionJson() {
    }

    public static String format(List<Map<String, String>> rows, long now) {
        return Json.array(rows.stream().map(r -> object(r, now)).toList());
    }

    private static Map<String, Object> object(Map<String, String> r, long now) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("HostServer", r.getOrDefault("host", ""));
        o.put("UnifiedSessionId", Integer.parseInt(r.get("id")));
        o.put("SessionId", Integer.parseInt(r.get("id")));
        o.put("SessionName", r.getOrDefault("name", ""));
        o.put("UserName", r.getOrDefault("user", ""));
        o.put("SessionState", "STATE_" + switch (r.get("state")) {
            case "active" -> "ACTIVE";
            case "disconnected" -> "DISCONNECTED";
            case "listen" -> "LISTEN";
            case "connected" -> "CONNECTED";
            case "down" -> "DOWN";
            default -> r.get("state").toUpperCase(java.util.Locale.ROOT);
        });
        o.put("CreateTime", time(r.get("logon")));
        o.put("DisconnectTime", time(r.get("disconnect")));
        o.put("IdleTime", r.get("last_input") == null ? null : Math.max(0, now - Long.parseLong(r.get("last_input"))));
        o.put("ClientAddress", r.get("client"));
        o.put("Current", Boolean.parseBoolean(r.get("current")));
        return o;
    }

    private static String time(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
    }
}
