package termhost.daemon.admin;

import termhost.daemon.store.StoreException;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.AuditRecord;
import termhost.api.op.AuditReply;
import termhost.api.op.AuditRequest;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;

/** {@code termhost audit}: the newest audit records, for administrators (Full Control: the route's rule). */
public final class AuditQuery {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 10_000;

    private final AuditLog audit;

    public AuditQuery(AuditLog audit) {
        this.audit = audit;
    }

    AuditReply handle(AuditRequest request) {
        try {
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
        } catch (StoreException e) {
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
