package termhost.daemon.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * Where every logger writes: stderr, one line per event, in the form {@link #form()} picked once
 * from the environment. A stack trace is written only for a logger at DEBUG or below, on lines of
 * its own after the event's.
 */
public final class LogSink {
    private static final LogSink STDERR = new LogSink(System.err, formOf(System.getenv(), Path.of("/proc/self/fd/2")));

    private final PrintStream out;
    private final LogLine form;

    LogSink(PrintStream out, LogLine form) {
        this.out = out;
        this.form = form;
    }

    /** The daemon's: stderr. */
    public static LogSink stderr() {
        return STDERR;
    }

    /** The form of this process's lines, for other writers to the same stream (the start-up banner). */
    public LogLine form() {
        return form;
    }

    /**
     * {@link LogLine#JOURNAL} when {@code $JOURNAL_STREAM} names the very stream {@code stderr} is
     * (systemd sets it to the device and inode of the journal's socket, and a child whose stderr
     * went elsewhere inherits the variable: systemd.exec(5) asks for the comparison);
     * {@link LogLine#TERMINAL} otherwise.
     */
    static LogLine formOf(Map<String, String> env, Path stderr) {
        String stream = env.get("JOURNAL_STREAM");
        if (stream == null) {
            return LogLine.TERMINAL;
        }
        try {
            String[] devAndInode = stream.split(":");
            Map<String, Object> a = Files.readAttributes(stderr, "unix:dev,ino");
            return devAndInode.length == 2 && Long.parseLong(devAndInode[0]) == (Long) a.get("dev")
                    && Long.parseLong(devAndInode[1]) == (Long) a.get("ino") ? LogLine.JOURNAL : LogLine.TERMINAL;
        } catch (Exception e) {
            return LogLine.TERMINAL; // unreadable or malformed: a terminal's form is readable anywhere
        }
    }

    void write(Level level, String name, String message, Throwable thrown, boolean withStackTrace) {
        String line = form.format(level, LocalTime.now(), name, message, thrown);
        StringBuilder text = new StringBuilder(line).append('\n');
        if (thrown != null && withStackTrace) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().skip(1).forEach(l -> text.append(form.prefix(Level.DEBUG)).append(l).append('\n'));
        }
        // one write per event, so lines of threads writing at once never interleave
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
