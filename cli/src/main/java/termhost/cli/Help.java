package termhost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.cli.command.Commands;

/**
 * Help as Linux users ask for it, beside Windows' {@code /?}: {@code termhost} alone,
 * {@code termhost --help}, {@code -h} or {@code help} list the commands; {@code termhost help
 * <command>} is {@code <command> /?}; {@code --help} and {@code -h} anywhere after a command are
 * {@code /?}; {@code termhost --version} prints the build's version. None of them reaches the daemon.
 *
 * <p>There is no {@code -V}: the commands' switches are case-insensitive and {@code /V} is their
 * "verbose", so a {@code -V} meaning something else would mislead; GNU's {@code --version} is
 * unambiguous.
 */
final class Help {
    /** Windows' help switch and the two of GNU's conventions: each asks for help wherever it stands. */
    private static final Set<String> SWITCHES = Set.of("/?", "--help", "-h");
    private static final String HELP_WORD = "help";
    private static final String VERSION_SWITCH = "--version";
    /** Written by Maven at build time (cli/src/main/resources-filtered). */
    private static final String BUILD_INFO = "/termhost/cli/build.properties";

    private Help() {
    }

    /** True when {@code args} ask for help: then nothing else on the line is looked at. */
    static boolean asked(List<String> args) {
        for (String a : args) {
            if (SWITCHES.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** {@code help logoff} is {@code logoff /?}; any other line is returned as it is. */
    static List<String> expand(List<String> line) {
        if (line.size() < 2 || !isHelpWord(line.get(0))) {
            return line;
        }
        List<String> command = new ArrayList<>(line.subList(1, line.size()));
        command.add("/?");
        return Commands.withoutHostTool(command);
    }

    /** A line (after {@code termhost}) that names no command but help: nothing, help, --help, -h, /?. */
    static boolean wantsOverview(List<String> line) {
        return line.isEmpty() || isHelpWord(line.get(0)) || SWITCHES.contains(line.get(0));
    }

    static boolean wantsVersion(List<String> line) {
        return !line.isEmpty() && line.get(0).equals(VERSION_SWITCH);
    }

    static void printOverview(CommandContext ctx) {
        ctx.out().print(ctx.messages().get(MessageKey.HELP_OVERVIEW));
    }

    static void printVersion(CommandContext ctx) {
        ctx.out().println(ctx.messages().get(MessageKey.VERSION, version()));
    }

    /** The version Maven built, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        try (InputStream in = Help.class.getResourceAsStream(BUILD_INFO)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_INFO + " is missing: the client was not built by Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isHelpWord(String word) {
        // a command word, so case-insensitive as the others are
        return word.toLowerCase(Locale.ROOT).equals(HELP_WORD);
    }
}
