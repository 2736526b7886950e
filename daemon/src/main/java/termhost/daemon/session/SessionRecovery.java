package termhost.daemon.session;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.UserCommand;
import termhost.daemon.store.SessionStore;
import termhost.daemon.terminal.TmuxTerminal;

/**
 * Start-up after a stop or a crash: each stored session is matched with its live process group.
 * <ul>
 *   <li>group and terminal alive: re-adopted, disconnected; the user's next logon reconnects;</li>
 *   <li>stored as {@code down}: the daemon died during its logoff; the logoff is completed now and
 *       recorded once (the interrupted one never wrote its record: that happens after the
 *       processes are gone);</li>
 *   <li>no group, or a terminal that ended: the session is ended and recorded;</li>
 *   <li>an exec session: its client went with the daemon, so it is ended.</li>
 * </ul>
 */
final class SessionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);

    private final SessionManager manager;
    private final SessionStore store;
    private final AuditLog audit;
    private final Containment containment;
    private final OsUsers users;
    private final UserCommand userCommand;
    private final SessionEnvironment environment;
    private final Clock clock;

    SessionRecovery(SessionManager manager, SessionStore store, AuditLog audit, Containment containment, OsUsers users,
            UserCommand userCommand, SessionEnvironment environment, Clock clock) {
        this.manager = manager;
        this.store = store;
        this.audit = audit;
        this.containment = containment;
        this.users = users;
        this.userCommand = userCommand;
        this.environment = environment;
        this.clock = clock;
    }

    void adoptStored() {
        for (SessionStore.Row row : store.all()) {
            Optional<ProcessGroup> group = containment.adopt(row.containment());
            OsUser owner = users.byUid(row.ownerUid())
                    .orElse(new OsUser(row.ownerName(), row.ownerUid(), row.ownerUid(), "/", "/bin/sh"));
            if (group.isEmpty()) {
                audit.record(new AuditEvent(clock.instant(), AuditType.LOGOFF, "termhost", null, "start-up",
                        row.id(), row.ownerName(), "success", row.state() == SessionState.DOWN
                                ? "its logoff was interrupted by a daemon stop; its processes were gone at start-up"
                                : "its processes were gone while the daemon was down"));
                store.delete(row.id());
                environment.removeSessionDir(row.id());
                continue;
            }
            TmuxTerminal terminal = row.terminal() == null ? null
                    : new TmuxTerminal(Path.of(row.terminal()), owner, userCommand);
            Session s = new Session(row.id(), row.kind(), owner, group.get(), terminal, row.terminalPid(),
                    row.logonTime(), row.clientAddress());
            s.disconnectedAt(row.disconnectTime() != null ? row.disconnectTime() : clock.instant());
            manager.register(s);
            boolean alive = row.kind() == SessionKind.INTERACTIVE && TmuxTerminal.alive(row.terminalPid(), group.get());
            if (row.state() == SessionState.DOWN) {
                manager.endQuietly(s, Actor.daemon("start-up"),
                        "its logoff was interrupted by a daemon stop and is completed at start-up");
            } else if (alive) {
                manager.persistState(s);
                log.info("session {} ({}): re-adopted, disconnected", s.id(), owner.name());
            } else {
                manager.endQuietly(s, Actor.daemon("start-up"), row.kind() == SessionKind.EXEC
                        ? "its exec client was lost with the daemon" : "its terminal ended while the daemon was down");
            }
        }
    }
}
