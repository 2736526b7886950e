package termhost.daemon.authz;

import termhost.daemon.store.StoreException;
import java.time.Clock;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;

/**
 * The one permission gate of the management operations. Every request passes {@link #admit}
 * with the {@link AccessRule} its operation was routed with, before the operation runs:
 * <ul>
 *   <li>a host-level rule (Full Control) is decided there and then;</li>
 *   <li>the others give the operation a permit bound to the rule, which it asks about each
 *       session it comes to: per session (one's own always; another user's with one of the
 *       operation's rights) or, for listings, silently (leaving a row out is not a denial).</li>
 * </ul>
 * {@link AccessPolicy} decides; the gate enforces, and {@link #denied} is the only writer of
 * {@code access.denied} audit rows: one per refusal, written before the caller hears of it.
 */
public final class AccessGate {
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public AccessGate(AccessPolicy policy, AuditLog audit, Clock clock) {
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Lets {@code caller} into an operation routed with {@code rule}.
     *
     * @throws TermhostException {@code ACCESS_DENIED} (audited) when a host-level rule refuses
     */
    public <P extends Permit> P admit(Caller caller, AccessRule<P> rule) {
        return rule.admit(this, caller);
    }

    /** The caller's rights over sessions that are not their own. */
    Set<Right> rightsOverOthers(Caller caller) {
        return policy.effectiveRights(caller.uid(), caller.user());
    }

    /**
     * Records a refusal and returns the error that tells the caller. A refusal that cannot be
     * recorded is not given either: nothing happens, and the caller hears that the log is down.
     */
    TermhostException denied(Caller caller, Integer sessionId, String owner, String why, TermhostException refusal) {
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                    caller.source(), sessionId, owner, "denied", why));
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot write the audit log: " + e.getMessage());
        }
        return refusal;
    }
}
