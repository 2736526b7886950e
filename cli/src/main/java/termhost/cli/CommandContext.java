package termhost.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import termhost.cli.text.Messages;
import termhost.cli.transport.Transport;

/**
 * What a command runs with: its streams, its words, and the way to the daemon. The same command
 * code runs in the thin client and inside the daemon for {@code ssh host <command>}; only the
 * context differs.
 */
public record CommandContext(
        PrintStream out,
        PrintStream err,
        InputStream in,
        Map<String, String> env,
        Messages messages,
        Transport transport) {
    /** True when the output is a terminal a person watches (progress lines may be redrawn). */
    public boolean interactive() {
        return System.console() != null;
    }
}
