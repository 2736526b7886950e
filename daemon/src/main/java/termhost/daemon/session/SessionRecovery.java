package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.store.SessionStore;
import termhost.daemon.terminal.TerminalHolder;
import termhost.daemon.terminal.TerminalHolders;

/**
 * Start-up after a stop or a crash: each stored session is matched with its live process group.
 * <ul>
 *   <li>group and terminal alive: re-adopted, disconnected; the user's next logon reconnects
 *       (and, like any reconnect, first checks that its shell is still there);</li>
 *   <li>stored as {@code down}: the daemon died during its logoff; the logoff is completed now and
 *       recorded once (the interrupted one never wrote its record: that happens after the
 *       processes are gone);</li>
 *   <li>no group, or a terminal that ended: the session is ended and recorded;</li>
 *   <li>an exec session: its client went with the daemon, so it is ended.</li>
 * </ul>
 * Called once, before the transports open.
 */
public final class SessionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);

    private final SessionRegistry registry;
    private final SessionStore store;
    private final SessionJournal journal;
    private final Logoffs logoffs;
    private final Containment containment;
    private final OsUsers users;
    private final TerminalHolders holders;
    private final SessionEnvironment environment;
    private final Clock clock;
    private final AgentSockets agents;

    SessionRecovery(SessionRegistry registry, SessionStore store, SessionJournal journal, Logoffs logoffs,
            Containment containment, OsUsers users, TerminalHolders holders, SessionEnvironment environment,
            Clock clock, AgentSockets agents) {
        this.agents = agents;
        this.registry = registry;
        this.store = store;
        this.journal = journal;
        this.logoffs = logoffs;
        this.containment = containment;
        this.users = users;
        this.holders = holders;
        this.environment = environment;
        this.clock = clock;
    }

    public void adoptStored() {
        for (SessionStore.Row row : store.all()) {
            Optional<ProcessGroup> group = containment.adopt(row.containment());
            OsUser owner = users.byUid(row.ownerUid())
                    .orElse(new OsUser(row.ownerName(), row.ownerUid(), row.ownerUid(), "/", "/bin/sh"));
            if (group.isEmpty()) {
                journal.loggedOff(row, row.state() == SessionState.DOWN
                        ? "its logoff was interrupted by a daemon stop; its processes were gone at start-up"
                        : "its processes were gone while the daemon was down");
                environment.removeSessionDir(row.id());
                continue;
            }
            TerminalHolder terminal = row.terminal() == null ? null
                    : holders.holder(Path.of(row.terminal()), owner, group.get(), row.terminalPid());
            Session s = new Session(row.id(), row.kind(), owner, group.get(), terminal, row.logonTime(),
                    row.clientAddress(), Session.Phase.OPEN);
            s.disconnectedAt(row.disconnectTime() != null ? row.disconnectTime() : clock.instant());
            registry.add(s);
            boolean alive = row.kind() == SessionKind.INTERACTIVE && terminal != null && terminal.alive();
            if (row.state() == SessionState.DOWN) {
                logoffs.endQuietly(s, Actor.daemon("start-up"),
                        "its logoff was interrupted by a daemon stop and is completed at start-up");
            } else if (alive) {
                journal.persistState(s);
                relisten(s);
                log.info("{}: re-adopted, disconnected", s);
            } else {
                logoffs.endQuietly(s, Actor.daemon("start-up"), row.kind() == SessionKind.EXEC
                        ? "its exec client was lost with the daemon" : "its terminal ended while the daemon was down");
            }
        }
    }

    /**
     * A re-adopted session that had an agent socket gets its listener back (the last one went with
     * the daemon), bound again at the same path: its shell's {@code SSH_AUTH_SOCK} stays right.
     */
    private void relisten(Session s) {
        Path dir = environment.sessionDir(s.id());
        if (!Files.exists(dir.resolve(AgentSockets.SOCKET), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            agents.listen(s.group(), s.owner(), dir).serve(s, null);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: its agent socket could not be made again: {}", s, e.getMessage());
        }
    }
}
