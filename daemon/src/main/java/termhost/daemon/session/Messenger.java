package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import termhost.api.DeliveryOutcome;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.os.FilesystemIdentity;

/**
 * {@code msg}: a message shown to a session's user as a popup over their screen (tmux
 * display-popup: the running program's screen is left as it was), for {@code /time} seconds or
 * until the user presses Enter. A disconnected session gets it when it reconnects, if the time
 * has not run out by then.
 */
public final class Messenger {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Clock clock;
    private final SessionEnvironment environment;
    private final SessionJournal journal;
    private final AtomicLong counter = new AtomicLong();
    private final Map<Integer, List<Pending>> pending = new ConcurrentHashMap<>();

    Messenger(Clock clock, SessionEnvironment environment, SessionJournal journal) {
        this.clock = clock;
        this.environment = environment;
        this.journal = journal;
    }

    private record Pending(String from, String text, Instant until) {
    }

    /**
     * {@code msg}: shows {@code text} on the session's terminal (queued while it is disconnected);
     * with {@code wait}, returns once the user acknowledged it or its time ran out. Audited.
     */
    public DeliveryOutcome message(Session s, Actor from, String text, Duration time, boolean wait) {
        if (s.closing()) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                    s + ": logging off", Integer.toString(s.id()));
        }
        DeliveryOutcome o = send(s, environment.sessionDir(s.id()), from.name(), text, time, wait);
        journal.messaged(s, from, o == DeliveryOutcome.FAILED ? "failed" : "success",
                o.wireName() + ", " + time.toSeconds() + " s, " + text.length() + " characters");
        return o;
    }

    private DeliveryOutcome send(Session s, Path sessionDir, String from, String text, Duration time, boolean wait) {
        if (s.terminal() == null) {
            return DeliveryOutcome.FAILED;
        }
        Instant until = clock.instant().plus(time);
        if (s.connections().isEmpty()) {
            pending.computeIfAbsent(s.id(), k -> new CopyOnWriteArrayList<>()).add(new Pending(from, text, until));
            return DeliveryOutcome.QUEUED;
        }
        return show(s, sessionDir, from, text, time, wait);
    }

    /** Shows what waited for this session while it was disconnected (called on reconnect). */
    void deliverPending(Session s) {
        Path sessionDir = environment.sessionDir(s.id());
        List<Pending> list = pending.remove(s.id());
        if (list == null) {
            return;
        }
        Instant now = clock.instant();
        for (Pending p : list) {
            if (p.until().isAfter(now)) {
                Thread t = new Thread(() -> show(s, sessionDir, p.from(), p.text(), Duration.between(now, p.until()),
                        false), "msg-" + s.id());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    void forget(int sessionId) {
        pending.remove(sessionId);
    }

    private DeliveryOutcome show(Session s, Path sessionDir, String from, String text, Duration time, boolean wait) {
        long n = counter.incrementAndGet();
        String channel = "termhost-msg-" + n;
        Path textFile = sessionDir.resolve("msg-" + n + ".txt");
        Path resultFile = sessionDir.resolve("msg-" + n + ".result");
        Path script = sessionDir.resolve("msg-" + n + ".sh");
        long seconds = Math.max(1, time.toSeconds());
        int uid = s.owner().uid();
        int gid = s.owner().gid();
        try {
            // written as the user: the session's directory is the user's, and what is in it too
            FilesystemIdentity.as(uid, gid, () -> Files.deleteIfExists(resultFile));
            FilesystemIdentity.writeNew(uid, gid, textFile, text);
            // the text is read from a file, never put into the script: nothing in it is code
            FilesystemIdentity.writeNew(uid, gid, script, String.join("\n",
                    "cat -- '" + textFile + "'",
                    "printf '\\n\\n[Enter: close]'",
                    "if read -r -s -t " + seconds + " _; then r=acknowledged; else r=timed-out; fi",
                    "printf '%s' \"$r\" > '" + resultFile + "'",
                    "tmux -S '" + s.terminal().socket() + "' wait-for -S " + channel,
                    ""));
            List<String> lines = text.lines().toList();
            // never larger than the client (tmux refuses such a popup); long lines wrap inside it
            int[] client = s.terminal().clientSize().orElse(new int[] {80, 24});
            int width = Math.min(Math.max(30, lines.stream().mapToInt(String::length).max().orElse(0) + 4),
                    Math.min(200, client[0]));
            int inner = Math.max(1, width - 4);
            int rows = lines.stream().mapToInt(l -> Math.max(1, (l.length() + inner - 1) / inner)).sum();
            int height = Math.min(rows + 5, Math.min(60, client[1]));
            String title = " Message from " + from + " at " + TIME.format(clock.instant().atZone(ZoneId.systemDefault()))
                    + " ";
            if (!s.terminal().popup(script, width, height, title)) {
                return DeliveryOutcome.FAILED;
            }
            if (!wait) {
                return DeliveryOutcome.SHOWN;
            }
            s.terminal().waitFor(channel, seconds + 5);
            String r = FilesystemIdentity.as(uid, gid, () -> Files.exists(resultFile, LinkOption.NOFOLLOW_LINKS)
                    ? Files.readString(resultFile).trim() : "timed-out");
            return r.equals("acknowledged") ? DeliveryOutcome.ACKNOWLEDGED : DeliveryOutcome.TIMED_OUT;
        } catch (IOException e) {
            return DeliveryOutcome.FAILED;
        } finally {
            if (wait) {
                try {
                    FilesystemIdentity.as(uid, gid, () -> {
                        for (Path p : List.of(textFile, script, resultFile)) {
                            Files.deleteIfExists(p);
                        }
                        return null;
                    });
                } catch (IOException e) {
                    // left in the session's directory, which goes with the session
                }
            }
        }
    }
}
