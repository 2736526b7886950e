package termhost.daemon.store;

import termhost.daemon.audit.AuditEvent;

/**
 * An audit record as stored, with its place in the log: {@code seq} rises with each record and is
 * never reused, so a copy of the log elsewhere (the farm's directory) resumes after the last it has.
 */
public record AuditEntry(long seq, AuditEvent event) {
}
