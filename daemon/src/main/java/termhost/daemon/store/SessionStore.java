package termhost.daemon.store;

import java.time.Instant;
import java.util.List;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;

/** The sessions as stored: what the daemon needs to re-adopt each one after a restart. */
public interface SessionStore {
    /** A session as stored. {@code state} is the last state written, by name. */
    record Row(int id, SessionKind kind, SessionState state, int ownerUid, String ownerName,
            String clientAddress, Instant logonTime, Instant disconnectTime, Instant lastInputTime,
            String containment, String terminal, Integer terminalPid) {
    }

    /** Adds a session; an id already stored is refused. */
    void insert(Row r);

    /** Records a session's new state; an id not stored is ignored. */
    void updateState(int id, SessionState state, Instant disconnectTime, String clientAddress);

    /** Removes a session, durably; an id not stored is ignored. */
    void delete(int id);

    /**
     * Removes a session and appends its logoff record in one durable commit: both or neither, so a
     * logoff is never recorded for a session still stored, nor a session gone without its record.
     */
    void deleteRecorded(int id, AuditEvent logoff);

    /** Every stored session, by id. */
    List<Row> all();
}
