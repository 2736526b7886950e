package termhost.daemon.session;

import java.time.Clock;
import java.time.Duration;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.os.NativeHelpers;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.Limits;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.process.Containment;
import termhost.daemon.process.Teardown;
import termhost.daemon.process.UserCommand;
import termhost.daemon.store.SessionStore;
import termhost.daemon.terminal.Attacher;
import termhost.daemon.terminal.Programs;
import termhost.daemon.terminal.TerminalHolders;
import termhost.daemon.terminal.TerminalIo;

/**
 * The session domain, wired: each part has one verb set (see each class), and this is what the
 * transports, the admin operations and the daemon's timer are given. It is built once, by the
 * daemon or a test, from the collaborators that reach the OS, each behind an interface.
 */
public record SessionCore(SessionRegistry registry, Logons logons, ExecSessions execs, Tunnels tunnels,
        Attachments attachments, Logoffs logoffs, Messenger messenger, Reaper reaper, TimeLimits timeLimits,
        SessionRecovery recovery) {

    /** What the session domain needs from the outside; {@code io}, the I/O loop, accepts on agent sockets. */
    public record Parts(Containment containment, TerminalHolders holders, Attacher attacher, Programs programs,
            UserCommand userCommand, SessionEnvironment environment, LogonGreeting greeting, SessionStore store,
            AuditLog audit, OsUsers users, LogonControl logonControl, Clock clock, TerminalIo io) {
    }

    /** How logons, logoffs and the time limits are decided. */
    public record Policy(Duration gracePeriod, ReconnectChoice.Policy reconnect, Limits limits) {
    }

    /**
     * @param changed told whenever the due times of the reaper or of the time limits may have
     *     moved earlier (a session changed state), so the timer can look again
     */
    public static SessionCore wire(Parts p, Policy policy, Runnable changed) {
        return wire(p, policy, changed, Logoffs.WAIT_BEYOND_GRACE);
    }

    /** For tests: a shorter wait for another caller's logoff. */
    static SessionCore wire(Parts p, Policy policy, Runnable changed, Duration waitBeyondGrace) {
        SessionRegistry registry = new SessionRegistry(p.containment());
        SessionJournal journal = new SessionJournal(p.store(), p.audit(), p.clock());
        Teardown teardown = new Teardown(p.clock());
        Messenger messenger = new Messenger(p.clock(), p.environment(), journal);
        Logoffs logoffs = new Logoffs(registry, journal, p.environment(), messenger, teardown, policy.gracePeriod(),
                changed, waitBeyondGrace);
        Attachments attachments = new Attachments(registry, journal, p.attacher(), messenger, logoffs, p.clock(),
                policy.reconnect().multiplePerUser(), changed);
        NetHelpers net = new NetHelpers(p.userCommand(), NativeHelpers.located());
        AgentSockets agents = new AgentSockets(net, p.io(), journal);
        SessionMaker maker = new SessionMaker(p.containment(), p.environment(), p.holders(), p.greeting(), journal,
                teardown, agents);
        LogonAdmission admission = new LogonAdmission(p.logonControl(), journal);
        ExecSessions execs = new ExecSessions(registry, maker, p.environment(), admission, logoffs, p.userCommand(),
                p.programs());
        return new SessionCore(registry,
                new Logons(registry, maker, attachments, logoffs, admission, policy.reconnect()), execs,
                new Tunnels(execs, logoffs, journal, net), attachments, logoffs, messenger, new Reaper(registry, logoffs),
                new TimeLimits(registry, attachments, logoffs, messenger, policy.limits()),
                new SessionRecovery(registry, p.store(), journal, logoffs, p.containment(), p.users(), p.holders(),
                        p.environment(), p.clock(), agents));
    }
}
