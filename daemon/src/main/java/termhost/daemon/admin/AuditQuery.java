package termhost.daemon.admin;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessPolicy;

/** {@code termhost audit}: the newest audit records, for administrators (Full Control) only. */
public final class AuditQuery {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 10_000;

    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Clock clock;

    public AuditQuery(AuditLog audit, AccessPolicy policy, Clock clock) {
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    Message handle(Caller caller, Message request) {
        try {
            if (!policy.isAdministrator(caller.uid(), caller.user())) {
                audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                        caller.source(), null, null, "denied", "audit: reading the audit log needs Full Control"));
                throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                        caller.name() + ": cannot read the audit log: access denied");
            }
            int limit = DEFAULT_LIMIT;
            String l = request.field("limit");
            if (l != null) {
                if (!l.matches("\\d{1,6}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > MAX_LIMIT) {
                    throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_BAD_LIMIT,
                            "limit must be 1.." + MAX_LIMIT + ": " + l, l);
                }
                limit = Integer.parseInt(l);
            }
            List<Map<String, String>> rows = audit.recent(limit).stream().map(AuditQuery::row).toList();
            return Message.builder(Message.RESULT).rows(rows).build();
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot read the audit log: " + e.getMessage());
        }
    }

    private static Map<String, String> row(AuditEvent e) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("at", e.at().toString());
        r.put("type", e.type().stableName());
        r.put("actor", e.actor() == null ? "" : e.actor());
        r.put("source", e.source() == null ? "" : e.source());
        r.put("session", e.sessionId() == null ? "" : e.sessionId().toString());
        r.put("owner", e.sessionOwner() == null ? "" : e.sessionOwner());
        r.put("outcome", e.outcome());
        r.put("detail", e.detail() == null ? "" : e.detail());
        return r;
    }
}
