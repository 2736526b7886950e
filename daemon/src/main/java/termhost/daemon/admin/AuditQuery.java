package termhost.daemon.admin;

import java.sql.SQLException;
import java.time.Clock;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.AuditRecord;
import termhost.api.op.AuditReply;
import termhost.api.op.AuditRequest;
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

    AuditReply handle(Caller caller, AuditRequest request) {
        try {
            if (!policy.isAdministrator(caller.uid(), caller.user())) {
                audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                        caller.source(), null, null, "denied", "audit: reading the audit log needs Full Control"));
                throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                        caller.name() + ": cannot read the audit log: access denied");
            }
            int limit = DEFAULT_LIMIT;
            String l = request.limit();
            if (l != null) {
                if (!l.matches("\\d{1,6}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > MAX_LIMIT) {
                    throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_BAD_LIMIT,
                            "limit must be 1.." + MAX_LIMIT + ": " + l, l);
                }
                limit = Integer.parseInt(l);
            }
            return new AuditReply(audit.recent(limit).stream().map(AuditQuery::record).toList());
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot read the audit log: " + e.getMessage());
        }
    }

    private static AuditRecord record(AuditEvent e) {
        return new AuditRecord(e.at(), e.type().stableName(), e.outcome(), orEmpty(e.actor()), orEmpty(e.source()),
                e.sessionId(), orEmpty(e.sessionOwner()), orEmpty(e.detail()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
