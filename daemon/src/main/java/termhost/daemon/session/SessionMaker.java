package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.SessionKind;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.SessionRefusedException;
import termhost.daemon.process.Teardown;
import termhost.daemon.terminal.TerminalHolder;
import termhost.daemon.terminal.TerminalHolders;

/**
 * Makes sessions under ids the caller reserved: the process group, the session's directory (and
 * its agent socket when the client forwards an agent, see {@link AgentSockets}), for
 * an interactive one the terminal holder with the user's login shell, then the stored row and the
 * logon record. Nothing half-made stays: when a step fails, what the earlier ones made is ended
 * and removed before the failure is thrown.
 */
final class SessionMaker {
    private static final Logger log = LoggerFactory.getLogger(SessionMaker.class);

    private final Containment containment;
    private final SessionEnvironment environment;
    private final TerminalHolders holders;
    private final LogonGreeting greeting;
    private final SessionJournal journal;
    private final Teardown teardown;
    private final AgentSockets agents;

    SessionMaker(Containment containment, SessionEnvironment environment, TerminalHolders holders,
            LogonGreeting greeting, SessionJournal journal, Teardown teardown, AgentSockets agents) {
        this.containment = containment;
        this.environment = environment;
        this.holders = holders;
        this.greeting = greeting;
        this.journal = journal;
        this.teardown = teardown;
        this.agents = agents;
    }

    /**
     * An interactive session, {@link Session.Phase#STARTING} until its first client is attached.
     * Its shell starts after the greeting, as a logon to sshd shows it; a reconnect shows none.
     *
     * @param address the client's, {@code host:port}
     * @param server the address the client connected to
     * @param agent the connection may forward an agent: the session gets an agent socket, for good,
     *     serving whichever attached connection of the owner's forwards one
     */
    Session interactive(int id, OsUser user, TerminalSpec spec, String address, String server, Actor actor,
            boolean agent) throws IOException {
        ProcessGroup group = containment.create(id);
        AgentSockets.Socket agentSocket = null;
        try {
            Path dir = environment.prepareSessionDir(id, user);
            Map<String, String> env = environment.shellEnvironment(user, id, spec, address, server);
            if (agent) { // bound before the shell starts: its first command may use it
                agentSocket = agents.listen(group, user, dir);
                env.put("SSH_AUTH_SOCK", agentSocket.path().toString());
            }
            TerminalHolder terminal = holders.holder(dir.resolve("tmux.sock"), user, group, null);
            terminal.start(env, environment.shellOf(user),
                    spec.cols(), spec.rows(), greeting.forNewSession(user),
                    SessionEnvironment.logon(address, spec.clientEnv(), null));
            Session s = new Session(id, SessionKind.INTERACTIVE, user, group, terminal, journal.now(), address,
                    Session.Phase.STARTING);
            if (agentSocket != null) {
                agentSocket.serve(s, null);
            }
            journal.loggedOn(s, actor, "interactive, terminal " + spec.term() + " " + spec.cols() + "x"
                    + spec.rows() + ", client " + address);
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (agentSocket != null) {
                agentSocket.close();
            }
            undo(id, group);
            if (e instanceof SessionRefusedException) {
                refused(user, actor, e.getMessage());
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("session " + id + " (" + user.name() + "): cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * The agent socket of {@code s}, a new exec session, serving {@code agent}; its path is for the
     * command's {@code SSH_AUTH_SOCK}. The caller logs the session off if this fails.
     */
    Path execAgent(Session s, ForwardedAgent agent) throws IOException {
        Path dir = environment.prepareSessionDir(s.id(), s.owner());
        AgentSockets.Socket socket = agents.listen(s.group(), s.owner(), dir);
        socket.serve(s, agent);
        return socket.path();
    }

    /** An exec session: its group and record; the command is started by the caller, into the group. */
    Session exec(int id, OsUser user, String address, Actor actor) throws IOException {
        ProcessGroup group = containment.create(id);
        Session s = new Session(id, SessionKind.EXEC, user, group, null, journal.now(), address, Session.Phase.OPEN);
        try {
            journal.loggedOn(s, actor, "exec, client " + address);
            return s;
        } catch (RuntimeException e) {
            undo(id, group);
            throw new IOException("session " + id + ": cannot store the logon: " + e.getMessage(), e);
        }
    }

    /** The host's PAM session stack refused the session of {@code user}: a refused logon, audited. */
    void refused(OsUser user, Actor actor, String why) {
        journal.logonRefused(user, actor, why);
    }

    private void undo(int id, ProcessGroup group) {
        try {
            teardown.end(group, Duration.ZERO, step -> { });
        } catch (IOException | RuntimeException e) {
            log.warn("session {}: cleanup after a failed logon incomplete: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        environment.removeSessionDir(id);
    }
}
