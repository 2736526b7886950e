package termhost.daemon.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records a logon leaves, read back as glibc lays them out: the utmp entry while it lasts, the
 * login and logout in wtmp, lastlog, and the logouts of a daemon that died. (That {@code who} and
 * {@code last} read them so is shown by LogonRecordsIT.)
 */
class LoginRecordsTest {
    private static final Instant T0 = Instant.parse("2026-03-05T10:12:34.123456Z");
    private static final LoginRecords.Who ALICE = new LoginRecords.Who("alice", 1001, "192.0.2.7");

    @TempDir
    Path tmp;

    private Path utmp;
    private Path wtmp;
    private Path lastlog;
    private Path journal;

    @BeforeEach
    void files() throws IOException {
        utmp = Files.createFile(tmp.resolve("utmp"));
        wtmp = Files.createFile(tmp.resolve("wtmp"));
        lastlog = Files.createFile(tmp.resolve("lastlog"));
        journal = tmp.resolve("open-logons");
    }

    private LoginRecords records(Instant now) {
        return new LoginRecords(utmp, wtmp, lastlog, journal, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static List<UtmpRecord> read(Path f) throws IOException {
        return new UtmpFile(f).read();
    }

    @Test
    void aLogonIsInUtmpWhileItLastsAndInWtmpWithItsLogout() throws IOException {
        LoginRecords.Entry e = records(T0).loggedIn(ALICE, "/dev/pts/12", 4242);

        UtmpRecord login = new UtmpRecord(UtmpRecord.USER_PROCESS, 4242, "pts/12", "s/12", "alice", "192.0.2.7",
                new byte[] {(byte) 192, 0, 2, 7}, T0);
        assertThat(read(utmp)).containsExactly(login);
        assertThat(read(wtmp)).containsExactly(login);
        assertThat(Files.size(utmp)).isEqualTo(UtmpRecord.SIZE);

        e.close();
        e.close(); // a second close writes nothing

        UtmpRecord logout = new UtmpRecord(UtmpRecord.DEAD_PROCESS, 4242, "pts/12", "s/12", "", "",
                new byte[] {(byte) 192, 0, 2, 7}, T0);
        assertThat(read(utmp)).containsExactly(logout);
        assertThat(read(wtmp)).containsExactly(login, logout);
    }

    @Test
    void aLogonOnATerminalTakesOverItsEntryAsPututxlineDoes() throws IOException {
        LoginRecords r = records(T0);
        r.loggedIn(ALICE, "/dev/pts/3", 100).close();
        r.loggedIn(new LoginRecords.Who("bob", 1002, "::1"), "/dev/pts/4", 200);
        r.loggedIn(ALICE, "/dev/pts/3", 300);

        assertThat(read(utmp)).extracting(UtmpRecord::line, UtmpRecord::pid, UtmpRecord::type).containsExactly(
                tuple("pts/3", 300, UtmpRecord.USER_PROCESS),
                tuple("pts/4", 200, UtmpRecord.USER_PROCESS));
        byte[] loopback6 = new byte[16];
        loopback6[15] = 1;
        assertThat(read(utmp).get(1).address()).isEqualTo(loopback6);
    }

    @Test
    void aLogoutLeavesALaterLogonOnTheSameTerminalAlone() throws IOException {
        LoginRecords r = records(T0);
        LoginRecords.Entry first = r.loggedIn(ALICE, "/dev/pts/5", 100);
        // someone else's logon took the terminal's entry (our record is stale)
        new UtmpFile(utmp).put(new UtmpRecord(UtmpRecord.USER_PROCESS, 900, "pts/5", "ts/5", "carol", "", null, T0));

        first.close();

        assertThat(read(utmp)).singleElement().satisfies(u -> {
            assertThat(u.user()).isEqualTo("carol");
            assertThat(u.type()).isEqualTo(UtmpRecord.USER_PROCESS);
        });
        assertThat(read(wtmp)).hasSize(1); // no logout that `last` would pair with carol's logon
    }

    @Test
    void theLogonsADeadDaemonLeftOpenAreClosedAtTheNextStart() throws IOException {
        LoginRecords before = records(T0);
        before.loggedIn(ALICE, "/dev/pts/7", 700);
        before.loggedIn(ALICE, "/dev/pts/8", 800).close();
        // the daemon dies here: no close; the next one starts later
        Instant restart = T0.plusSeconds(60);

        records(restart).closeLeftovers();

        assertThat(read(utmp)).extracting(UtmpRecord::line, UtmpRecord::type).containsExactly(
                tuple("pts/7", UtmpRecord.DEAD_PROCESS),
                tuple("pts/8", UtmpRecord.DEAD_PROCESS));
        List<UtmpRecord> w = read(wtmp);
        assertThat(w).hasSize(4);
        assertThat(w.get(3)).satisfies(u -> {
            assertThat(u.line()).isEqualTo("pts/7");
            assertThat(u.type()).isEqualTo(UtmpRecord.DEAD_PROCESS);
            assertThat(u.time()).isEqualTo(restart);
        });
        assertThat(Files.readString(journal)).isEmpty();

        records(restart).closeLeftovers();
        assertThat(read(wtmp)).hasSize(4); // closed once
    }

    @Test
    void shutdownClosesWhatIsStillOpen() throws IOException {
        LoginRecords r = records(T0);
        LoginRecords.Entry e = r.loggedIn(ALICE, "/dev/pts/9", 900);

        r.closeAll();
        e.close();

        assertThat(read(utmp)).extracting(UtmpRecord::type).containsExactly(UtmpRecord.DEAD_PROCESS);
        assertThat(read(wtmp)).hasSize(2);
    }

    @Test
    void lastlogHoldsTheLastLogonAndSaysItAsSshdDoes() throws IOException {
        LoginRecords r = records(T0);
        assertThat(r.lastLogin(1001)).isEmpty();

        r.loggedIn(ALICE, "/dev/pts/2", 200);

        LoginRecords.LastLogin last = r.lastLogin(1001).orElseThrow();
        assertThat(last.line()).isEqualTo("pts/2");
        assertThat(last.message(ZoneId.of("UTC"))).isEqualTo("Last login: Thu Mar  5 10:12:34 2026 from 192.0.2.7");
        assertThat(Files.size(lastlog)).isEqualTo(1002L * 292);
        assertThat(r.lastLogin(1000)).isEmpty();
    }

    @Test
    void filesTheHostDoesNotKeepAreNotMade() throws IOException {
        Files.delete(utmp);
        Files.delete(lastlog);
        LoginRecords r = records(T0);

        assertThat(r.missingFiles()).containsExactly(utmp);
        r.loggedIn(ALICE, "/dev/pts/1", 100).close();

        assertThat(utmp).doesNotExist();
        assertThat(lastlog).doesNotExist();
        assertThat(read(wtmp)).hasSize(2);
    }
}
