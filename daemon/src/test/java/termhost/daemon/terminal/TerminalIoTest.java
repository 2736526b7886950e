package termhost.daemon.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import termhost.daemon.os.LoginRecords;
import termhost.daemon.os.TerminalModes;

/** The one-thread terminal loop on real PTYs with real programs in them. */
class TerminalIoTest {
    private TerminalIo io;
    private final List<PtyAttachment> started = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        io = new TerminalIo();
    }

    @AfterEach
    void close() {
        started.forEach(PtyAttachment::close);
        io.close();
    }

    private PtyAttachment start(String script) throws Exception {
        return start(script, TerminalModes.NONE);
    }

    private PtyAttachment start(String script, TerminalModes modes) throws Exception {
        PtyAttachment a = PtyAttachment.start(io, LoginRecords.none(), List.of("/bin/sh", "-c", script),
                Map.of("TERM", "dumb"), "/", 80, 24, modes, null);
        started.add(a);
        return a;
    }

    /** Collects output; holds back the "sent" of every chunk while {@code hold} is set. */
    private static final class Screen implements TerminalIo.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger chunks = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean hold;
        final List<Runnable> held = new ArrayList<>();

        @Override
        public synchronized void output(byte[] chunk, Runnable sent) {
            bytes.writeBytes(chunk);
            chunks.incrementAndGet();
            if (hold) {
                held.add(sent);
            } else {
                sent.run();
            }
        }

        @Override
        public void ended() {
            ends.incrementAndGet();
            ended.countDown();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void release() {
            hold = false;
            held.forEach(Runnable::run);
            held.clear();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    /** {@code condition} holds, and still holds {@code millis} later: what must not happen does not. */
    private static void holds(java.util.function.BooleanSupplier condition, long millis, String what) {
        org.awaitility.Awaitility.await(what).during(java.time.Duration.ofMillis(millis))
                .atMost(java.time.Duration.ofMillis(millis + 5000)).until(condition::getAsBoolean);
    }

    @Test
    void inputReachesTheProgramAndItsOutputComesBack() throws Exception {
        PtyAttachment cat = start("exec cat");
        Screen screen = new Screen();
        cat.startOutput(screen);
        byte[] line = "hello terminal\n".getBytes(StandardCharsets.UTF_8);
        assertThat(cat.write(line, 0, line.length, () -> { })).as("a line fits at once").isTrue();
        // the PTY echoes the line, then cat prints it again
        await(() -> screen.text().split("hello terminal", -1).length > 2, "the echo and cat's copy");
    }

    @Test
    void theTerminalHasTheModesTheClientSent() throws Exception {
        // a client whose terminal erases with ^H and interrupts with ^B, without flow control
        // (RFC 4254 opcodes: VINTR 1, VERASE 3, VWERASE 13 disabled, IXON 38, ECHOCTL 60)
        String out = untilItEnds(start("stty -a", TerminalModes.of(Map.of(1, 2, 3, 8, 13, 255, 38, 0, 60, 0))))
                .text();
        assertThat(out).contains("intr = ^B;", "erase = ^H;", "werase = <undef>;", " -ixon", "-echoctl");
        // and what it did not send is the kernel's
        assertThat(out).contains("quit = ^\\;", "kill = ^U;", " icanon");
    }

    @Test
    void theProgramLeadsASessionOnItsTerminalOfTheGivenSize() throws Exception {
        String out = untilItEnds(start("echo size $(stty size); echo stat $(ps -o stat= -p $$); "
                + "echo ctty $(ps -o tty= -p $$)")).text();
        assertThat(out).contains("size 24 80"); // set before the program started
        assertThat(out).containsPattern("stat \\S*s"); // a session leader
        assertThat(out).containsPattern("ctty pts/\\d+"); // with its PTY as controlling terminal
    }

    @Test
    void theProgramGetsNoDescriptorOfTheDaemon() throws Exception {
        PtyAttachment sleeper = start("exec sleep 1000");
        sleeper.startOutput(new Screen());
        Path proc = Path.of("/proc", Long.toString(sleeper.pid()));
        await(() -> readQuietly(proc.resolve("comm")).equals("sleep\n"), "sh to exec sleep");
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            // the JVM's sockets, jars and database stay with the daemon
            assertThat(fds.map(f -> f.getFileName().toString()).sorted()).containsExactly("0", "1", "2");
        }
    }

    /** Shows {@code program}'s output on a new screen until the program ends; fails after 10 s. */
    private static Screen untilItEnds(PtyAttachment program) throws InterruptedException {
        Screen screen = new Screen();
        program.startOutput(screen);
        assertThat(screen.ended.await(10, TimeUnit.SECONDS)).isTrue();
        return screen;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aProgramThatEndsEndsItsTerminalOnce() throws Exception {
        PtyAttachment done = start("echo goodbye");
        Screen screen = untilItEnds(done);
        assertThat(screen.text()).contains("goodbye");
        done.close(); // after the end: nothing more happens
        holds(() -> screen.ends.get() == 1, 200, "one end, and no second one");
    }

    @Test
    void closingEndsTheProgramAndTellsTheSink() throws Exception {
        PtyAttachment sleeper = start("exec sleep 1000");
        Screen screen = new Screen();
        sleeper.startOutput(screen);
        long pid = sleeper.pid();
        sleeper.close();
        assertThat(screen.ended.await(10, TimeUnit.SECONDS)).isTrue();
        await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the program to end");
    }

    @Test
    void aSlowSinkHoldsBackOnlyItsOwnTerminal() throws Exception {
        PtyAttachment slow = start("exec yes slow");
        PtyAttachment other = start("i=0; while [ $i -lt 200 ]; do echo line$i; i=$((i+1)); done; sleep 1000");
        Screen held = new Screen();
        held.hold = true;
        Screen free = new Screen();
        slow.startOutput(held);
        other.startOutput(free);
        await(() -> held.chunks.get() >= TerminalIo.IN_FLIGHT, "the held terminal's first chunks");
        await(() -> free.text().contains("line199"), "the other terminal's output while the first is held");
        // nothing more is read from the held terminal until its chunks were sent: a few, not a flood
        // (yes would have flooded a sink that is not held back within these 200 ms)
        holds(() -> held.chunks.get() == TerminalIo.IN_FLIGHT, 200, "the held terminal's few chunks, and no more");
        held.release();
        await(() -> held.chunks.get() > 10, "the held terminal to flow again");
    }

    @Test
    void inputThatDoesNotFitWaitsAndIsDroppedWhenTheTerminalCloses() throws Exception {
        // sleep reads nothing: the PTY's input queue fills and the rest must wait
        PtyAttachment deaf = start("stty -icanon -echo; echo STTY-$((40+2)); exec sleep 1000");
        Screen screen = new Screen();
        deaf.startOutput(screen);
        await(() -> screen.text().contains("STTY-42"), "stty done");
        byte[] lots = new byte[256 * 1024];
        java.util.Arrays.fill(lots, (byte) 'x');
        CountDownLatch written = new CountDownLatch(1);
        assertThat(deaf.write(lots, 0, lots.length, written::countDown)).as("256 KiB do not fit a PTY").isFalse();
        assertThat(written.await(300, TimeUnit.MILLISECONDS)).as("nothing reads them, so they wait").isFalse();
        deaf.close();
        assertThat(written.await(10, TimeUnit.SECONDS)).as("closing lets the writer go on").isTrue();
        byte[] more = "after".getBytes(StandardCharsets.UTF_8);
        await(() -> screen.ends.get() == 1, "the end");
        assertThat(deaf.write(more, 0, more.length, () -> { })).as("a closed terminal takes input nowhere, at once")
                .isTrue();
    }
}
