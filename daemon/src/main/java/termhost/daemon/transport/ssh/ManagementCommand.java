package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import termhost.cli.Main;
import termhost.daemon.admin.AdminService;
import termhost.daemon.admin.Caller;

/**
 * {@code ssh host query session}, {@code ssh host logoff 12}: a termhost command over SSH. The same
 * command code as the local client runs here, in the daemon, with the SSH-authenticated user as
 * the caller; so the output is the same and so are the rules.
 */
final class ManagementCommand extends ChannelCommand {
    private final AdminService admin;
    private final List<String> words;

    ManagementCommand(AdminService admin, List<String> words) {
        this.admin = admin;
        this.words = words;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Caller caller = Caller.remote(userOf(channel), "ssh " + addressOf(channel));
        Map<String, String> vars = new LinkedHashMap<>();
        env.getEnv().forEach((k, v) -> {
            if (k.equals("LANG") || k.startsWith("LC_")) {
                vars.put(k, v);
            }
        });
        Thread t = new Thread(() -> {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            int code = Main.run(words, Main.context(o, e, in, vars, admin.transportFor(caller), false));
            o.flush();
            e.flush();
            exit(code, null, false);
        }, "command-" + words.get(0));
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        // the command is one short request; it finishes on its own
    }
}
