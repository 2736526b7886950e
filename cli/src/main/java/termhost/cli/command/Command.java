package termhost.cli.command;

import java.util.List;
import termhost.api.MessageKey;
import termhost.cli.CommandContext;

/** One of the RDS commands. Implementations parse, call the daemon once, and print. */
public interface Command {
    /** The words that name it, e.g. {@code ["query", "session"]} or {@code ["logoff"]}. */
    List<String> words();

    /** False for host tools (audit, config) that get no wrapper on sessions' PATH. */
    default boolean onSessionPath() {
        return true;
    }

    /** How the help and usage lines name it: host tools are reached as {@code termhost <word>}. */
    default String displayName() {
        return (onSessionPath() ? "" : Commands.HOST_TOOL + " ") + String.join(" ", words());
    }

    /**
     * The message key of its {@code /?} text; {@code /?}, {@code --help} or {@code -h} anywhere in
     * the line prints it, as does {@code termhost help <command>}.
     */
    MessageKey helpKey();

    /**
     * Whether this command line's {@code /server:NAME} may name the farm this host is in (the
     * listings: every host's sessions from the farm's directory) or another host of it (a command for
     * one session there, carried by the farm's command table): then the local daemon is asked first,
     * and only a daemon outside that farm (or none) has the command sent to NAME over SSH.
     */
    default boolean reachesFarm(List<String> args) {
        return false;
    }

    /** Runs it and returns the exit code: 0 on success, 1 on any failure. */
    int run(List<String> args, CommandContext ctx);
}
