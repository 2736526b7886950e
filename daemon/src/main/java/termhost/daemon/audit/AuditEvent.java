package termhost.daemon.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited fact, emitted at a domain transition (logon, disconnect, reconnect, logoff, access
 * denied, ...), never from transport code.
 *
 * @param type stable type name, e.g. {@code session.logon}; see {@link AuditType}
 * @param actor the user who caused it (for a policy: {@code termhost})
 * @param source where the request came from: {@code ssh 10.0.0.5:51234}, {@code local pid 4711}
 * @param outcome {@code success}, {@code denied}, {@code failed}
 * @param detail free text: counts, signals, durations, reasons
 */
public record AuditEvent(Instant at, AuditType type, String actor, Integer actorUid, String source,
        Integer sessionId, String sessionOwner, String outcome, String detail) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
    }
}
