package termhost.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import termhost.api.DeliveryOutcome;
import termhost.api.ErrorCategory;
import termhost.api.LogonMode;
import termhost.api.MessageKey;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.api.op.AuditRecord;
import termhost.api.op.AuditReply;
import termhost.api.op.ConfigReply;
import termhost.api.op.ConnectReply;
import termhost.api.op.Delivery;
import termhost.api.op.DisconnectReply;
import termhost.api.op.LogoffReply;
import termhost.api.op.LogonModeReply;
import termhost.api.op.MessageReply;
import termhost.api.op.Operation;
import termhost.api.op.ProcessListReply;
import termhost.api.op.ProcessRow;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.op.RightsReply;
import termhost.api.op.SessionListReply;
import termhost.api.op.SessionRow;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Progress;
import termhost.cli.text.Messages;
import termhost.cli.transport.LocalTransport;
import termhost.cli.transport.Transport;

/**
 * What the daemon runs once, under {@code -XX:ArchiveClassesAtExit}, to make the commands' CDS
 * archive: the archive then holds the classes every command needs, not only those of one run.
 *
 * <p>It loads every class of the client's jars (without running their initialisers), then runs,
 * with the output thrown away, a whole round trip ({@code query session}), a help text, a usage
 * error and every command against a stand-in that answers each operation with a result of its type
 * (encoded and decoded, as from the socket) or with an error, so the JDK classes and lambdas of those
 * paths are in the archive too. It changes nothing anywhere.
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
        LocalTransport transport = LocalTransport.fromEnvironment(env);
        transport.connectAhead(); // as Main does: its thread's classes too
        CommandContext ctx = new CommandContext(sink, sink, System.in, env, Messages.fromEnvironment(env), transport);
        Main.run(List.of("query", "session"), ctx);
        Main.run(List.of("logoff", "/?"), ctx);
        Main.run(List.of("termhost", "--help"), ctx);
        Main.run(List.of("logoff", "1", "2"), ctx);
        // every command, up to the request and back, against a stand-in for the daemon that answers
        // once with an event and a result and once with an error: their lambdas and the codecs of every
        // result get archived too (spinning those up cost a logoff about 15 ms), and nothing is sent
        for (boolean fails : new boolean[] {false, true}) {
            CommandContext offline = new CommandContext(sink, sink, System.in, env, ctx.messages(), standIn(fails));
            for (List<String> line : List.of(List.of("logoff", "2", "/v"), List.of("logoff", "ssh#2"),
                    List.of("logoff", "*", "/state:disc"), List.of("reset", "session", "2"), List.of("tsdiscon", "2"),
                    List.of("tscon", "2", "/v"), List.of("msg", "2", "/w", "training"), List.of("query", "user"),
                    List.of("query", "session", "/format:json"), List.of("query", "process", "*"),
                    List.of("change", "logon", "/query"), List.of("termhost", "rights"),
                    List.of("termhost", "audit"), List.of("termhost", "config"))) {
                Main.run(line, offline);
            }
        }
        System.exit(0);
    }

    /** Answers every request with an event and a made-up result of its type, or with an error. */
    private static Transport standIn(boolean fails) {
        return new Transport() {
            @Override
            public <R extends Reply> R call(Request<R> request, Consumer<Progress> onProgress) {
                if (fails) {
                    throw ErrorReply.fromMessage(new ErrorReply(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                            "training", List.of()).toMessage()).toException();
                }
                onProgress.accept(Progress.fromMessage(new Progress(MessageKey.LOGOFF_V_START,
                        List.of("2", "training")).toMessage()));
                return request.replyFrom(result(request.operation()).toMessage());
            }
        };
    }

    private static Reply result(Operation op) {
        Instant now = Instant.now();
        return switch (op) {
            case QUERY_SESSION, QUERY_USER -> new SessionListReply(now, List.of(
                    SessionRow.fixed("training", 0, "services", "", SessionState.DISCONNECTED),
                    new SessionRow("training", 2, "ssh#2", "training", SessionState.ACTIVE, true, now, now, null, "",
                            SessionKind.INTERACTIVE, null)));
            case QUERY_PROCESS -> new ProcessListReply(List.of(new ProcessRow("training", 0, "ssh#2", 2, 1, "sh",
                    true)));
            case LOGOFF, RESET -> new LogoffReply.Single(2, "training", false, 1, "HUP+TERM", 1);
            case DISCONNECT -> new DisconnectReply(2, 1);
            case CONNECT -> new ConnectReply(2, 3);
            case MESSAGE -> new MessageReply(List.of(new Delivery(2, "training", DeliveryOutcome.ACKNOWLEDGED)));
            case LOGON_MODE -> new LogonModeReply(LogonMode.ENABLED);
            case AUDIT -> new AuditReply(List.of(new AuditRecord(now, "training", "success", "training", "", null, "",
                    "")));
            case CONFIG -> new ConfigReply(List.of(new ConfigReply.Setting("training", "", "default")));
            case RIGHTS -> new RightsReply.Entries(List.of(new RightsReply.Entry("*", "grant", "UserAccess")));
        };
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
