package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.OsUser;
import termhost.daemon.process.UserCommand;
import termhost.daemon.terminal.Programs;

/**
 * {@code ssh host 'command line'}: a session of its own, the line run by the user's shell in the
 * session's group, as OpenSSH runs it: on pipes, or on a PTY when the client asked for a terminal
 * ({@code ssh -t}). A subsystem (sftp) is such a line too: its server's path. The transport logs it off when the command ends or
 * its client goes away; whatever the command left running ends with it.
 */
public final class ExecSessions {
    private final SessionRegistry registry;
    private final SessionMaker maker;
    private final SessionEnvironment environment;
    private final LogonAdmission admission;
    private final Logoffs logoffs;
    private final UserCommand userCommand;
    private final Programs programs;

    ExecSessions(SessionRegistry registry, SessionMaker maker, SessionEnvironment environment,
            LogonAdmission admission, Logoffs logoffs, UserCommand userCommand, Programs programs) {
        this.registry = registry;
        this.maker = maker;
        this.environment = environment;
        this.admission = admission;
        this.logoffs = logoffs;
        this.userCommand = userCommand;
        this.programs = programs;
    }

    /**
     * A new session of the exec kind, admitted, recorded and listed, with its connection; nothing
     * runs in it yet. Shared with {@link Tunnels}.
     */
    Session open(OsUser user, String address, Actor actor) throws IOException {
        admission.admit(user, false, actor);
        int id = registry.reserve();
        Session s;
        try {
            s = maker.exec(id, user, address, actor);
        } catch (IOException | RuntimeException e) {
            registry.release(id);
            throw e;
        }
        registry.locked(() -> s.execConnection(registry.nextConnectionNumber()));
        registry.add(s);
        return s;
    }

    /**
     * @param terminal the terminal the client asked for, or null to run the line on pipes
     * @param clientEnv the variables the client sent (a session takes LANG and LC_* only)
     * @param originalCommand when {@code command} is forced (a key's {@code command=}), what the
     *     client asked for, given to it as {@code SSH_ORIGINAL_COMMAND}; else null
     * @param address the client's, {@code host:port}
     * @param server the address the client connected to
     * @param agent the client's agent when its connection forwards one ({@code ssh -A}), else null:
     *     the command gets an agent socket ({@code SSH_AUTH_SOCK}) that reaches it
     */
    public ExecSession start(OsUser user, String command, String originalCommand, TerminalSpec terminal,
            Map<String, String> clientEnv, String address, String server, Actor actor, ForwardedAgent agent)
            throws IOException {
        Session s = open(user, address, actor);
        int id = s.id();
        Path agentSocket;
        try {
            agentSocket = agent == null ? null : maker.execAgent(s, agent);
        } catch (IOException | RuntimeException e) {
            logoffs.endQuietly(s, Actor.daemon("exec failed"), "its agent socket could not be made: " + e.getMessage());
            throw e;
        }
        boolean leader = userCommand.leads(s.group());
        // on a terminal, its name is in the environment (SSH_TTY): known once the terminal is open
        Function<String, List<String>> cmd = tty -> {
            Map<String, String> env = environment.execEnvironment(user, id, clientEnv, terminal, tty, address, server);
            if (originalCommand != null) {
                env.put("SSH_ORIGINAL_COMMAND", originalCommand);
            }
            if (agentSocket != null) {
                env.put("SSH_AUTH_SOCK", agentSocket.toString());
            }
            return userCommand.session(s.group(), user, env, List.of(environment.shellOf(user), "-c", command),
                    SessionEnvironment.logon(address, clientEnv, tty), user.home(), leader ? Programs.STATUS_FD : -1);
        };
        // the leader enters the home as the user; without it, root checks it is there
        Path home = Path.of(user.home());
        try {
            Runnable refused = () -> maker.refused(user, actor,
                    "the PAM session stack refused the session (the client was told why): its command did not run");
            return new ExecSession(s, programs.start(cmd, Map.of(),
                    leader || !Files.isDirectory(home) ? "/" : home.toString(),
                    terminal == null ? null : new Programs.Tty(terminal.cols(), terminal.rows(), terminal.modes()),
                    new LoginRecords.Who(user.name(), user.uid(), SessionEnvironment.hostOf(address)),
                    leader ? refused : null));
        } catch (IOException e) {
            logoffs.endQuietly(s, Actor.daemon("exec failed"), "the command could not start: " + e.getMessage());
            throw e;
        }
    }
}
