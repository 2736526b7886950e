package termhost.daemon.authz;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.OsUser;
import termhost.daemon.policy.Redirections;
import termhost.daemon.session.Actor;
import termhost.daemon.store.StoreException;

/**
 * Decides what a connection may redirect ({@link Redirections}), once, when it has logged on: the
 * host's {@code redirect.*} settings, the user's Virtual Channels right (host-wide, as the Logon
 * right is checked by {@link LogonGate}: no session is the user's yet) and the limits of the key.
 * It records what was asked of it: each file transfer opened, each redirection refused, with the
 * reason. The transport holds the verdict for the life of the connection and asks it; a change
 * of rights applies to the connections that log on after it, as a Logon deny does.
 */
public final class RedirectionGate {
    private static final Logger log = LoggerFactory.getLogger(RedirectionGate.class);

    private final AccessPolicy policy;
    private final Redirections.Host host;
    private final AuditLog audit;
    private final Clock clock;

    public RedirectionGate(AccessPolicy policy, Redirections.Host host, AuditLog audit, Clock clock) {
        this.policy = policy;
        this.host = host;
        this.audit = audit;
        this.clock = clock;
    }

    /** What {@code user}'s connection, logged on with a key that allows {@code key}, may redirect. */
    public Redirections decide(OsUser user, KeyOptions key) {
        boolean right = policy.allows(user.uid(), user, Right.VIRTUAL_CHANNELS, null);
        return Redirections.of(host, right, new Redirections.Key(key.portForwarding(), key.agentForwarding()));
    }

    /**
     * Records a redirection refused.
     *
     * @param type {@link AuditType#FILE_TRANSFER}, {@link AuditType#PORT_FORWARD} or {@link AuditType#AGENT_FORWARD}
     * @param request what the client asked, e.g. {@code sftp}, {@code -L 127.0.0.1:80}
     * @param reason {@link Redirections#refusal}
     */
    public void refused(Actor actor, AuditType type, String request, String reason) {
        log.info("{} refused for {} ({}): {}", request, actor.name(), actor.source(), reason);
        record(actor, type, "denied", request + " refused: " + reason);
    }

    /** Records a redirection given, e.g. an SFTP server started, with how ({@code read-only}). */
    public void opened(Actor actor, AuditType type, String request, String how) {
        record(actor, type, "success", how == null ? request : request + " " + how);
    }

    private void record(Actor actor, AuditType type, String outcome, String detail) {
        try {
            audit.record(new AuditEvent(clock.instant(), type, actor.name(), actor.uid(), actor.source(), null, null,
                    outcome, detail));
        } catch (StoreException e) {
            // as a refused logon's (LogonGate#refused): the daemon's log keeps what the audit could not
            log.warn("cannot audit '{}' of {}: {}", detail, actor.name(), e.getMessage());
        }
    }
}
