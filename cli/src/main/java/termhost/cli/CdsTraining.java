package termhost.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import termhost.api.wire.Message;
import termhost.cli.text.Messages;
import termhost.cli.transport.LocalTransport;
import termhost.api.wire.Replies;
import termhost.cli.transport.Transport;

/**
 * What the daemon runs once, under {@code -XX:ArchiveClassesAtExit}, to make the commands' CDS
 * archive: the archive then holds the classes every command needs, not only those of one run.
 *
 * <p>It loads every class of the client's jars (without running their initialisers), then runs,
 * with the output thrown away, a whole round trip ({@code query session}), a help text, a usage
 * error and the acting commands against a stand-in, so the JDK classes and lambdas of those paths
 * are in the archive too. It changes nothing anywhere.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] argv) throws IOException {
        ClassLoader loader = CdsTraining.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                loadAll(new File(entry), loader);
            }
        }
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        CommandContext ctx = new CommandContext(sink, sink, System.in, env, Messages.fromEnvironment(env),
                LocalTransport.fromEnvironment(env));
        Main.run(List.of("query", "session"), ctx);
        Main.run(List.of("logoff", "/?"), ctx);
        Main.run(List.of("logoff", "1", "2"), ctx);
        // the commands that act, up to the request, against a stand-in for the daemon that answers
        // once with an event and a result and once with an error: their lambdas get archived too
        // (spinning those up cost a logoff about 15 ms), and nothing is sent anywhere
        for (boolean fails : new boolean[] {false, true}) {
            Transport standIn = (request, onEvent) -> {
                if (fails) {
                    throw Replies.toException(Message.builder(Message.ERROR).build());
                }
                onEvent.accept(Message.builder(Message.EVENT).build());
                return Message.builder(Message.RESULT).build();
            };
            CommandContext offline = new CommandContext(sink, sink, System.in, env, ctx.messages(), standIn);
            for (List<String> line : List.of(List.of("logoff", "2", "/v"), List.of("logoff", "ssh#2"),
                    List.of("reset", "session", "2"), List.of("tsdiscon", "2"), List.of("query", "user"))) {
                Main.run(line, offline);
            }
        }
        System.exit(0);
    }

    private static void loadAll(File jar, ClassLoader loader) throws IOException {
        try (JarFile j = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError ignored) {
                        // a class that cannot load is one the commands cannot use either
                    }
                }
            }
        }
    }
}
