package termhost.daemon.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import termhost.api.wire.Message;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionCore;

/**
 * {@code query process}: the processes of sessions, read from their cgroups (so every process of a
 * session is listed, whatever it did to its process group). With no filter, the caller's own
 * processes, as on Windows; {@code *} all the caller may see.
 */
public final class ProcessQuery {
    private final SessionCore sessions;
    private final AccessPolicy policy;

    public ProcessQuery(SessionCore sessions, AccessPolicy policy) {
        this.sessions = sessions;
        this.policy = policy;
    }

    Message handle(Caller caller, Message request) {
        String filter = request.field("filter");
        String idFilter = request.field("id");
        int current = caller.current().map(Session::id).orElse(-1);
        boolean seesOthers = policy.allows(caller.uid(), caller.user(), Right.QUERY_INFORMATION, null);
        List<Map<String, String>> rows = new ArrayList<>();
        for (Session s : sessions.registry().sessions()) {
            if (!seesOthers && s.owner().uid() != caller.uid()) {
                continue;
            }
            if (idFilter != null && !idFilter.equals(Integer.toString(s.id()))) {
                continue;
            }
            try {
                for (long pid : s.group().pids()) {
                    Map<String, String> r = row(s, pid, s.id() == current);
                    // /id:N alone names a session: all its processes, not only the caller's own
                    if (r != null && (filter == null && idFilter != null || matches(r, filter, caller))) {
                        rows.add(r);
                    }
                }
            } catch (IOException e) {
                // the session ended while we read it: it has no processes to show
            }
        }
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    private static boolean matches(Map<String, String> r, String filter, Caller caller) {
        if (filter == null) {
            return r.get("uid").equals(Integer.toString(caller.uid()));
        }
        if (filter.equals("*")) {
            return true;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        return r.get("pid").equals(filter) || r.get("user").toLowerCase(Locale.ROOT).equals(f)
                || r.get("name").toLowerCase(Locale.ROOT).equals(f) || r.get("image").toLowerCase(Locale.ROOT).equals(f);
    }

    private static Map<String, String> row(Session s, long pid, boolean current) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String image = Files.readString(proc.resolve("comm")).trim();
            String uid = "";
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.split("\\s+")[1];
                }
            }
            Map<String, String> r = new LinkedHashMap<>();
            r.put("user", s.owner().name());
            r.put("uid", uid);
            r.put("name", s.name().orElse(""));
            r.put("id", Integer.toString(s.id()));
            r.put("pid", Long.toString(pid));
            r.put("image", image);
            r.put("current", Boolean.toString(current));
            return r;
        } catch (IOException e) {
            return null; // exited between the list and the read
        }
    }
}
