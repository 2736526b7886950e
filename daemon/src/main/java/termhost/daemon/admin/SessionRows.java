package termhost.daemon.admin;

import termhost.api.op.SessionRow;
import termhost.daemon.session.Session;

/** A session as the listing operations send it (Get-RDUserSession's fields, and ours). */
final class SessionRows {
    private SessionRows() {
    }

    static SessionRow of(Session s, boolean current, String host) {
        return new SessionRow(host, s.id(), s.name().orElse(""), s.owner().name(), s.state(), current,
                s.logonTime(), s.lastInputTime(), s.disconnectTime(),
                s.clientAddress() == null ? "" : s.clientAddress(), s.kind(), s.failure().orElse(null));
    }
}
