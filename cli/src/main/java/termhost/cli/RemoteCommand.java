package termhost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import termhost.api.MessageKey;
import termhost.cli.command.Commands;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;

/**
 * {@code /server:NAME[:PORT]}: the same command run by the termhost on NAME, over the caller's own
 * OpenSSH client, keys, agent and known_hosts. The remote daemon decides everything; its output and
 * exit code come back as they are.
 *
 * <p>BatchMode and StrictHostKeyChecking make an unknown or changed host key a refusal, never a
 * prompt; an unreachable host is the Windows {@code Error [1722]}.
 */
final class RemoteCommand {
    private static final int SSH_FAILURE = 255;

    private RemoteCommand() {
    }

    static int run(String server, List<String> words, List<String> args, CommandContext ctx) {
        String host = server;
        String port = null;
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(']') < colon && server.substring(colon + 1).matches("\\d{1,5}")) {
            host = server.substring(0, colon);
            port = server.substring(colon + 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.startsWith("-") || host.isEmpty()) {
            throw Syntax.usage(MessageKey.ERROR_BAD_SERVER, "bad server name " + server, server);
        }
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "ConnectTimeout=10", "-T"));
        if (port != null) {
            cmd.add("-p");
            cmd.add(port);
        }
        cmd.add(host);
        cmd.add("--");
        // the remote user's shell runs it: through "termhost", which answers to every command,
        // host tools (rights, audit, config) included, whatever the remote PATH holds
        List<String> remote = new ArrayList<>(List.of(Commands.HOST_TOOL));
        remote.addAll(words);
        remote.addAll(args);
        for (String w : remote) {
            cmd.add(shellQuote(w));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            java.io.ByteArrayOutputStream sshErr = new java.io.ByteArrayOutputStream();
            Thread pumpErr = pump(p.getErrorStream(), sshErr);
            p.getInputStream().transferTo(ctx.out());
            pumpErr.join();
            int code = p.waitFor();
            String errText = sshErr.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (code == SSH_FAILURE) {
                // 255 is ssh's own failure (the remote command's codes are ours: 0 or 1)
                if (errText.contains("Host key verification failed") || errText.contains("HOST IDENTIFICATION HAS CHANGED")
                        || errText.contains("No ED25519 host key is known") || errText.contains("host key for")) {
                    throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_HOST_KEY,
                            "host key of " + server + " refused: " + errText.trim(), server);
                }
                if (errText.contains("Permission denied (")) {
                    // the remote termhost refused the logon (no Logon right, no key): a denial, not an outage
                    throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                            "logon to " + server + " refused: " + errText.trim());
                }
                throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_SERVER_UNREACHABLE,
                        "ssh to " + server + " failed: " + errText.trim(), server);
            }
            ctx.err().print(errText);
            return code;
        } catch (IOException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_NO_SSH_CLIENT,
                    "cannot run ssh: " + e.getMessage(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process went away; what it said is already out
            }
        });
        t.start();
        return t;
    }

    /** Quotes a word for the remote shell-like split: the daemon parses it back exactly. */
    static String shellQuote(String w) {
        if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./#-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
