package termhost.daemon.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** The real OpenSSH client, pointed at a test daemon, as a given test user. */
public final class SshClient {
    /** The daemon's port, asked at each connection: a restarted daemon may listen on another. */
    private final IntSupplier port;
    /** The daemon's address: 127.0.0.1 unless it listens on another (a farm's hosts, each on its own). */
    private final String address;
    private final TestUser user;

    public SshClient(TermhostProcess host, TestUser user) {
        this(host::port, host.address(), user);
    }

    public SshClient(IntSupplier port, TestUser user) {
        this(port, "127.0.0.1", user);
    }

    private SshClient(IntSupplier port, String address, TestUser user) {
        this.port = port;
        this.address = address;
        this.user = user;
    }

    /** Options every connection uses: this user's key only, no host-key prompt, no agent. */
    public List<String> options() {
        return new ArrayList<>(List.of("-p", Integer.toString(port.getAsInt()), "-i", user.key().toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=0"));
    }

    /** {@code ssh host command}, waiting for it to end. */
    public Shell.Result exec(String command) {
        return exec(command, null, Map.of());
    }

    public Shell.Result exec(String command, String stdin, Map<String, String> env) {
        return Shell.run(execCommand(user.name(), command), env, stdin, Duration.ofSeconds(120));
    }

    /**
     * {@code ssh host command} at OpenSSH's default LogLevel, INFO, at which it prints the server's
     * userauth banners (the other calls run at ERROR, which hides them).
     */
    public Shell.Result execShowingBanners(String command) {
        List<String> cmd = execCommand(user.name(), command);
        // ssh takes the first value given for an option: this one goes before options()'s
        cmd.addAll(1, List.of("-o", "LogLevel=INFO"));
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(120));
    }

    /** {@code ssh host command} offering {@code otherKeys} after this user's key, as an agent with several would. */
    public Shell.Result execOfferingAlso(List<Path> otherKeys, String command) {
        List<String> cmd = execCommand(user.name(), command);
        int at = cmd.indexOf(user.key().toString()) + 1;
        for (Path k : otherKeys) {
            cmd.addAll(at, List.of("-i", k.toString()));
            at += 2;
        }
        return Shell.run(cmd, Map.of(), null, Duration.ofSeconds(120));
    }

    /** {@code ssh login@host command} with this user's key: for logons as another (or no) account. */
    public Shell.Result execAs(String login, String command) {
        return Shell.run(execCommand(login, command), Map.of(), null, Duration.ofSeconds(120));
    }

    /** {@code ssh host command}, started and left running; the caller ends it. */
    public Process start(String command) throws java.io.IOException {
        return new ProcessBuilder(execCommand(user.name(), command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private List<String> execCommand(String login, String command) {
        List<String> cmd = commandLine(List.of(), command);
        cmd.set(cmd.size() - 2, login + "@" + address);
        return cmd;
    }

    /** An interactive logon in a terminal (the ssh client runs under a private tmux server). */
    public Terminal interactive(Path workDir, int cols, int rows) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-tt"));
        cmd.addAll(options());
        cmd.add(user.name() + "@" + address);
        return Terminal.open(workDir, cmd, cols, rows);
    }

    /**
     * An interactive logon in a terminal whose client sends {@code sent} (OpenSSH's {@code SendEnv}),
     * as a client with the user's locale does.
     */
    public Terminal interactiveSending(Path workDir, Map<String, String> sent) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env"));
        sent.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("ssh", "-tt"));
        sent.keySet().forEach(k -> cmd.addAll(List.of("-o", "SendEnv=" + k)));
        cmd.addAll(options());
        cmd.add(user.name() + "@" + address);
        return Terminal.open(workDir, cmd, 120, 40);
    }

    /** {@code ssh -t host command} in a terminal: the command runs on a PTY of the daemon's. */
    public Terminal commandInTerminal(Path workDir, int cols, int rows, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-t"));
        cmd.addAll(options());
        cmd.add(user.name() + "@" + address);
        cmd.add(command);
        return Terminal.open(workDir, cmd, cols, rows);
    }

    /**
     * A logon from a terminal set with {@code stty sttyArgs} before the client starts: the modes
     * OpenSSH sends in its pty-req. A null {@code command} asks for a shell ({@code -tt}), else the
     * command runs on a PTY ({@code -t}).
     */
    public Terminal fromTerminalSetTo(Path workDir, String sttyArgs, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "stty " + sttyArgs + " && exec \"$@\"", "sh"));
        cmd.addAll(commandLine(List.of(command == null ? "-tt" : "-t"), command));
        return Terminal.open(workDir, cmd, 120, 40);
    }

    /**
     * The command line of {@code ssh [flags] host command}, for a test that runs it its own way;
     * a null command asks for a shell.
     */
    public List<String> commandLine(List<String> flags, String command) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(flags);
        cmd.addAll(options());
        cmd.add(user.name() + "@" + address);
        if (command != null) {
            cmd.add(command);
        }
        return cmd;
    }

    public TestUser user() {
        return user;
    }
}
