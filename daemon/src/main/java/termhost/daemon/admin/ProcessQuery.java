package termhost.daemon.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import termhost.api.op.ProcessListReply;
import termhost.api.op.ProcessRow;
import termhost.api.op.QueryProcessRequest;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.ListingPermit;
import termhost.daemon.session.Session;

/**
 * {@code query process}: the processes of sessions, read from their cgroups (so every process of a
 * session is listed, whatever it did to its process group). With no filter, the caller's own
 * processes, as on Windows; {@code *} all the caller may see.
 */
public final class ProcessQuery {
    private final ManagedSessions sessions;

    public ProcessQuery(ManagedSessions sessions) {
        this.sessions = sessions;
    }

    ProcessListReply handle(ListingPermit permit, QueryProcessRequest request) {
        Caller caller = permit.caller();
        String filter = request.filter();
        Integer idFilter = request.sessionId();
        int current = caller.current().map(Session::id).orElse(-1);
        List<ProcessRow> rows = new ArrayList<>();
        for (Session s : sessions.all()) {
            if (!permit.shows(s)) {
                continue;
            }
            if (idFilter != null && idFilter != s.id()) {
                continue;
            }
            try {
                for (long pid : s.group().pids()) {
                    ProcessRow r = row(s, pid, s.id() == current);
                    // /id:N alone names a session: all its processes, not only the caller's own
                    if (r != null && (filter == null && idFilter != null || matches(r, filter, caller))) {
                        rows.add(r);
                    }
                }
            } catch (IOException e) {
                // the session ended while we read it: it has no processes to show
            }
        }
        return new ProcessListReply(rows);
    }

    private static boolean matches(ProcessRow r, String filter, Caller caller) {
        if (filter == null) {
            return r.uid() == caller.uid();
        }
        if (filter.equals("*")) {
            return true;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        return Long.toString(r.pid()).equals(filter) || r.user().toLowerCase(Locale.ROOT).equals(f)
                || r.name().toLowerCase(Locale.ROOT).equals(f) || r.image().toLowerCase(Locale.ROOT).equals(f);
    }

    private static ProcessRow row(Session s, long pid, boolean current) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String image = Files.readString(proc.resolve("comm")).trim();
            int uid = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[1]);
                }
            }
            return new ProcessRow(s.owner().name(), uid, s.name().orElse(""), s.id(), pid, image, current);
        } catch (IOException e) {
            return null; // exited between the list and the read
        }
    }
}
