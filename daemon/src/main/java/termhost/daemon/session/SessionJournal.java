package termhost.daemon.session;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.OsUser;
import termhost.daemon.store.SessionStore;
import termhost.daemon.store.StoreException;

/**
 * Every store and audit write of the session domain, in one place: what a transition records,
 * and what happens when the store refuses. Records that must exist before a transition is
 * reported (logon, reconnect, disconnect, message, logoff) fail the transition when they cannot
 * be written; state updates that only help a restart are logged and dropped.
 */
final class SessionJournal {
    private static final Logger log = LoggerFactory.getLogger(SessionJournal.class);

    private final SessionStore store;
    private final AuditLog audit;
    private final Clock clock;

    SessionJournal(SessionStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** A new session: its row, then its logon record. Throws the store's error: no session runs unrecorded. */
    void loggedOn(Session s, Actor actor, String detail) {
        store.insert(rowOf(s, SessionState.ACTIVE));
        try {
            record(AuditType.LOGON, actor, s, "success", detail);
        } catch (TermhostException e) {
            try {
                store.delete(s.id()); // a stored session without its logon record would be re-adopted
            } catch (StoreException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    void reconnected(Session s, Actor actor, String detail) {
        persistState(s);
        record(AuditType.RECONNECT, actor, s, "success", detail);
    }

    void disconnected(Session s, Actor actor, String detail) {
        persistState(s);
        record(AuditType.DISCONNECT, actor, s, "success", detail);
    }

    void messaged(Session s, Actor from, String outcome, String detail) {
        record(AuditType.MESSAGE, from, s, outcome, detail);
    }

    /** A logon refused by {@code change logon}; a record that cannot be written is logged. */
    void logonRefused(OsUser user, Actor actor, String detail) {
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.LOGON_REFUSED, user.name(), user.uid(),
                    actor.source(), null, null, "denied", detail));
        } catch (StoreException e) {
            log.warn("cannot audit a refused logon of {}: {}", user.name(), e.getMessage());
        }
    }

    /**
     * A forward opened or refused: {@code s} the session its socket is in, or null when it was
     * refused before there was one. A record that cannot be written is logged: the forward is the
     * connection's, which would close anyway if the store is gone.
     */
    void portForward(Session s, OsUser user, Actor actor, String outcome, String detail) {
        redirection(AuditType.PORT_FORWARD, s, user, actor, outcome, detail);
    }

    /** A redirection of {@code type} (a forward, an agent's socket) given or refused in {@code s} (null: none yet). */
    void redirection(AuditType type, Session s, OsUser user, Actor actor, String outcome, String detail) {
        try {
            audit.record(new AuditEvent(clock.instant(), type, actor.name(), actor.uid(),
                    actor.source(), s == null ? null : s.id(), user.name(), outcome, detail));
        } catch (StoreException e) {
            log.warn("cannot audit a forward of {} ({}): {}", user.name(), detail, e.getMessage());
        }
    }

    /** The session is gone: its row removed and its logoff recorded in one durable commit. */
    void loggedOff(Session s, Actor actor, String detail) {
        store.deleteRecorded(s.id(), event(AuditType.LOGOFF, actor, s, "success", detail));
    }

    /** A stored session found gone at start-up: the same, for a session never re-adopted. */
    void loggedOff(SessionStore.Row row, String detail) {
        store.deleteRecorded(row.id(), new AuditEvent(clock.instant(), AuditType.LOGOFF, "termhost", null,
                "start-up", row.id(), row.ownerName(), "success", detail));
    }

    /** A logoff that could not end the session; a record that cannot be written is logged. */
    void logoffFailed(Session s, Actor actor, String detail) {
        try {
            audit.record(event(AuditType.LOGOFF, actor, s, "failed", detail));
        } catch (StoreException e) {
            log.warn("{}: cannot audit a failed logoff ({}): {}", s, detail, e.getMessage());
        }
    }

    /** The state as the store keeps it for a restart; a failure only costs that help, so it is logged. */
    void persistState(Session s) {
        try {
            store.updateState(s.id(), s.state(), s.disconnectTime(), s.clientAddress());
        } catch (StoreException e) {
            log.warn("{}: cannot store state {}: {}", s, s.state(), e.getMessage());
        }
    }

    private void record(AuditType type, Actor actor, Session s, String outcome, String detail) {
        try {
            audit.record(event(type, actor, s, outcome, detail));
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "cannot write the audit log: " + e.getMessage());
        }
    }

    private AuditEvent event(AuditType type, Actor actor, Session s, String outcome, String detail) {
        return new AuditEvent(clock.instant(), type, actor.name(), actor.uid(), actor.source(), s.id(),
                s.owner().name(), outcome, detail);
    }

    private static SessionStore.Row rowOf(Session s, SessionState state) {
        return new SessionStore.Row(s.id(), s.kind(), state, s.owner().uid(), s.owner().name(), s.clientAddress(),
                s.logonTime(), null, s.logonTime(), s.group().id(),
                s.terminal() == null ? null : s.terminal().socket().toString(),
                s.terminal() == null ? null : s.terminal().serverPid());
    }
}
