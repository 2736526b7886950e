package termhost.daemon.audit;

import java.util.List;

/**
 * Where audit records go. {@link #record} returns only once the record is durable, so a command
 * that reports success has its record written; it throws the store's unchecked exception when it
 * cannot write, and then nothing was written.
 */
public interface AuditLog {
    void record(AuditEvent e);

    /** The newest {@code limit} records, oldest first. */
    List<AuditEvent> recent(int limit);
}
