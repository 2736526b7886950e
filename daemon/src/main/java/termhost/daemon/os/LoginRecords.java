package termhost.daemon.os;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's logon records, as sshd keeps them for a logon on a terminal: a utmp entry while it
 * lasts ({@code who}, {@code w}), a login and a logout entry in wtmp ({@code last}), the user's
 * last logon in lastlog ("Last login:"). A file that is not configured, or does not exist, is not
 * written; a record that cannot be written is logged and never stops a logon.
 *
 * <p>Verbs: {@link #loggedIn} (the terminal layer, when a program starts on a new terminal), whose
 * {@link Entry#close} (before that terminal is released) writes the logout; {@link
 * #closeLeftovers} at start-up; {@link #closeAll} at shutdown. The logout must be written while the
 * terminal is still ours: once released, its number can go to the next logon, whose entry ours
 * would overwrite. Each open logon is listed in a small file of the daemon's state, so the records
 * of a daemon that died are closed at its next start (its terminals died with it).
 *
 * <p>Thread-safe: one writer at a time, since POSIX locks cannot keep two threads of one process apart.
 */
public final class LoginRecords {
    private static final Logger log = LoggerFactory.getLogger(LoginRecords.class);

    /** Who logs on, from where: the user, their uid (lastlog's index) and the client's address as text. */
    public record Who(String user, int uid, String host) {
    }

    /** A user's last logon: when, on which line, from which host. */
    public record LastLogin(Instant time, String line, String host) {
        /** ctime(3)'s layout, in English whatever the locale, as sshd prints it. */
        private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
                Locale.ROOT);

        /** What sshd prints at logon: {@code Last login: Tue Mar  5 10:12:34 2024 from 192.0.2.7}. */
        public String message(ZoneId zone) {
            String when = CTIME.format(time.atZone(zone));
            return host.isEmpty() ? "Last login: " + when : "Last login: " + when + " from " + host;
        }
    }

    /** One logon's records, open until {@link #close}. */
    @FunctionalInterface
    public interface Entry {
        Entry NONE = () -> { };

        /** Writes the logout, once; later calls do nothing. */
        void close();
    }

    /** A logon in the journal: its utmp entry, and which files got its login. */
    private record Open(UtmpRecord login, boolean inUtmp, boolean inWtmp) {
    }

    private final UtmpFile utmp;
    private final UtmpFile wtmp;
    private final Lastlog lastlog;
    private final Path journal;
    private final Clock clock;
    private final Map<String, Open> open = new LinkedHashMap<>();

    /**
     * @param utmp, wtmp, lastlog the files, each null when not kept
     * @param journal where the open logons are listed (in the daemon's state directory)
     */
    public LoginRecords(Path utmp, Path wtmp, Path lastlog, Path journal, Clock clock) {
        this.utmp = utmp == null ? null : new UtmpFile(utmp);
        this.wtmp = wtmp == null ? null : new UtmpFile(wtmp);
        this.lastlog = lastlog == null ? null : new Lastlog(lastlog);
        this.journal = journal;
        this.clock = clock;
    }

    /** Keeps no records (tests of the session rules, a daemon that is not root). */
    public static LoginRecords none() {
        return new LoginRecords(null, null, null, null, Clock.systemUTC());
    }

    /** The configured files that do not exist: the host keeps no such records, so none are written. */
    public List<Path> missingFiles() {
        List<Path> missing = new ArrayList<>();
        for (UtmpFile f : new UtmpFile[] {utmp, wtmp}) {
            if (f != null && !Files.exists(f.path())) {
                missing.add(f.path());
            }
        }
        return missing;
    }

    /** The last logon of {@code uid} that lastlog recorded, read before this logon records its own. */
    public synchronized Optional<LastLogin> lastLogin(int uid) {
        if (lastlog == null) {
            return Optional.empty();
        }
        try {
            return lastlog.read(uid);
        } catch (IOException e) {
            log.warn("cannot read the last logon of uid {}: {}", uid, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code who} logged on to the terminal {@code tty} ({@code /dev/pts/N}), held there by the
     * process {@code pid} (which lives exactly as long as the logon: {@code who} leaves out entries
     * whose process is gone).
     */
    public synchronized Entry loggedIn(Who who, String tty, int pid) {
        if (utmp == null && wtmp == null && lastlog == null) {
            return Entry.NONE;
        }
        String line = UtmpRecord.lineOf(tty);
        UtmpRecord login = new UtmpRecord(UtmpRecord.USER_PROCESS, pid, line, UtmpRecord.idOf(line), who.user(),
                who.host(), addressOf(who.host()), clock.instant());
        if (lastlog != null) {
            attempt("lastlog", () -> lastlog.write(who.uid(), new LastLogin(login.time(), line, who.host())));
        }
        Open o = new Open(login, utmp != null && attempt("utmp", () -> utmp.put(login)),
                wtmp != null && attempt("wtmp", () -> wtmp.append(login)));
        if (!o.inUtmp() && !o.inWtmp()) {
            return Entry.NONE;
        }
        String key = pid + " " + line;
        open.put(key, o);
        saveJournal();
        return () -> close(key);
    }

    private synchronized void close(String key) {
        Open o = open.remove(key);
        if (o != null) {
            writeLogout(o);
            saveJournal();
        }
    }

    /**
     * Start-up: the logons the journal lists were left open by a daemon that stopped without
     * closing them (killed, or the machine went down); their terminals went with it. Each gets its
     * logout now, with this time: the moment it ended is not known, and no logout at all would
     * show it logged on for ever. One whose terminal was taken by a later logon meanwhile keeps
     * no logout, so the later one's stays right.
     */
    public synchronized void closeLeftovers() {
        if (journal == null) {
            return;
        }
        for (Open o : loadJournal()) {
            writeLogout(o);
        }
        open.clear();
        saveJournal();
    }

    /** Shutdown: every logon still open gets its logout now. */
    public synchronized void closeAll() {
        open.values().forEach(this::writeLogout);
        open.clear();
        saveJournal();
    }

    private void writeLogout(Open o) {
        UtmpRecord logout = o.login().ended(clock.instant());
        boolean stillOurs = !o.inUtmp() || attempt("utmp", () -> utmp.replace(o.login(), logout));
        if (o.inWtmp() && stillOurs && wtmp != null) {
            attempt("wtmp", () -> wtmp.append(logout));
        }
    }

    private interface Write {
        boolean run() throws IOException;
    }

    private boolean attempt(String what, Write w) {
        try {
            return w.run();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write the {} record: {}", what, e.getMessage());
            return false;
        }
    }

    /** The address bytes of an IP literal (never a name: no look-up); none for anything else. */
    static byte[] addressOf(String host) {
        if (!host.matches("[0-9A-Fa-f:.]+") || !host.matches(".*[.:].*")) {
            return new byte[0];
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return new byte[0];
        }
    }

    // the journal: one line per open logon, "pid line inUtmp inWtmp"

    private void saveJournal() {
        if (journal == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Open o : open.values()) {
            text.append(o.login().pid()).append(' ').append(o.login().line()).append(' ').append(o.inUtmp())
                    .append(' ').append(o.inWtmp()).append('\n');
        }
        try {
            Path next = journal.resolveSibling(journal.getFileName() + ".new");
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot list the open logons in {}: {}", journal, e.getMessage());
        }
    }

    private List<Open> loadJournal() {
        List<Open> list = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return list;
        } catch (IOException e) {
            log.warn("cannot read the open logons in {}: {}", journal, e.getMessage());
            return list;
        }
        for (String l : lines) {
            String[] f = l.trim().split(" ");
            if (f.length == 4 && f[0].matches("\\d{1,9}")) {
                UtmpRecord login = new UtmpRecord(UtmpRecord.USER_PROCESS, Integer.parseInt(f[0]), f[1],
                        UtmpRecord.idOf(f[1]), "", "", null, clock.instant());
                list.add(new Open(login, Boolean.parseBoolean(f[2]), Boolean.parseBoolean(f[3])));
            }
        }
        return list;
    }
}
