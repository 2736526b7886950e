package termhost.daemon.admin;

import termhost.daemon.store.StoreException;
import java.time.Clock;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.LogonModeReply;
import termhost.api.op.LogonModeRequest;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.Permit;
import termhost.daemon.policy.LogonControl;
import termhost.api.LogonMode;

/**
 * {@code change logon {/query | /enable | /disable | /drain | /drainuntilrestart}}: administrators
 * only (Full Control: the route's rule), even to ask.
 */
public final class LogonModeOperation {
    private final LogonControl control;
    private final AuditLog audit;
    private final Clock clock;

    public LogonModeOperation(LogonControl control, AuditLog audit, Clock clock) {
        this.control = control;
        this.audit = audit;
        this.clock = clock;
    }

    LogonModeReply handle(Permit permit, LogonModeRequest request) {
        Caller caller = permit.caller();
        try {
            if (request.set() != null) {
                LogonMode mode = request.set();
                control.set(mode);
                audit.record(new AuditEvent(clock.instant(), AuditType.LOGON_MODE, caller.name(), caller.uid(),
                        caller.source(), null, null, "success", "logons " + mode.wireName()));
            }
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "the store cannot be written: " + e.getMessage());
        }
        return new LogonModeReply(control.mode());
    }
}
