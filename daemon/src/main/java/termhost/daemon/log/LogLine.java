package termhost.daemon.log;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.Level;

/**
 * How one event is written: always on one line (a line break inside a message is written as
 * {@code \n}), in one of two forms picked once at start.
 * <ul>
 * <li>{@link #JOURNAL}, when the daemon's stderr is systemd's journal: the syslog priority as the
 * {@code <N>} prefix journald reads (sd-daemon(3)), then the logger's short name and the message;
 * the journal adds the time, the unit and the PID.
 * <li>{@link #TERMINAL}, anywhere else: {@code 14:03:07 WARN  Logoffs: session 3 (bob): ...}.
 * </ul>
 */
public enum LogLine {
    JOURNAL {
        @Override
        public String prefix(Level level) {
            return "<" + priority(level) + ">";
        }

        @Override
        String head(Level level, LocalTime time) {
            return prefix(level);
        }
    },
    TERMINAL {
        @Override
        public String prefix(Level level) {
            return "";
        }

        @Override
        String head(Level level, LocalTime time) {
            return TIME.format(time) + " " + String.format("%-5s", level.name()) + " ";
        }
    };

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** What starts a line of this form that is not a logger's, such as the start-up banner's. */
    public abstract String prefix(Level level);

    abstract String head(Level level, LocalTime time);

    /** The line for one event of logger {@code name}, without the line end. */
    public String format(Level level, LocalTime time, String name, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder(head(level, time)).append(shortName(name)).append(": ")
                .append(message);
        if (thrown != null && (message == null || !message.contains(String.valueOf(thrown.getMessage())))) {
            line.append(" (").append(thrown).append(')');
        }
        return oneLine(line.toString());
    }

    /** syslog(3)'s priorities: LOG_ERR 3, LOG_WARNING 4, LOG_INFO 6, LOG_DEBUG 7. */
    static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }

    /** {@code org.apache.sshd.server.SshServer} → {@code SshServer}: the class, which names the part. */
    static String shortName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String oneLine(String text) {
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }
}
