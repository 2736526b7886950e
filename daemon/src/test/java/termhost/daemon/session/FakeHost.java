package termhost.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.config.Layout;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.Limits;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.process.Containment;
import termhost.daemon.process.ProcessGroup;
import termhost.daemon.process.UserCommand;
import termhost.daemon.store.MemoryStore;

/**
 * The session domain wired to fakes of everything that reaches the OS (groups, terminal holders,
 * attach clients, the store, the clock): its rules run in milliseconds, without root. The fakes
 * stay reachable, so a test sets their faults and reads what happened.
 */
final class FakeHost {
    static final OsUser ALICE = new OsUser("alice", 1001, 1001, "/home/alice", "/bin/bash");
    static final OsUser BOB = new OsUser("bob", 1002, 1002, "/home/bob", "/bin/bash");
    static final TerminalSpec SPEC = new TerminalSpec("xterm", 80, 24, null, Map.of());

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final MemoryStore store = MemoryStore.fresh();
    final Map<Integer, FakeGroup> groups = new ConcurrentHashMap<>();
    final Map<Path, FakeHolder> holders = new ConcurrentHashMap<>();
    final List<FakeAttachment> attachments = new CopyOnWriteArrayList<>();
    final AtomicInteger changes = new AtomicInteger();
    final LogonControl logonControl = new LogonControl(store.hostSettings());
    final SessionCore core;
    /** Runs when an attach client is started, before it is attached (to race it). */
    volatile Runnable onAttachStart = () -> { };

    FakeHost(Path tmp, boolean multiplePerUser) {
        this(tmp, multiplePerUser, Duration.ofMillis(200));
    }

    FakeHost(Path tmp, boolean multiplePerUser, Duration waitBeyondGrace) {
        Containment containment = new Containment() {
            @Override
            public ProcessGroup create(int sessionId) {
                FakeGroup g = new FakeGroup("g-" + sessionId, 10_000L * sessionId, 10_000L * sessionId + 1);
                groups.put(sessionId, g);
                return g;
            }

            @Override
            public Optional<ProcessGroup> adopt(String storedId) {
                return groups.values().stream().filter(g -> g.id().equals(storedId)).map(g -> (ProcessGroup) g)
                        .findFirst();
            }

            @Override
            public Optional<String> groupOf(long pid) {
                return groups.values().stream().filter(g -> g.pids().contains(pid)).map(FakeGroup::id).findFirst();
            }

            @Override
            public String describe() {
                return "fake";
            }

            @Override
            public boolean isStrict() {
                return true;
            }
        };
        core = SessionCore.wire(new SessionCore.Parts(containment,
                (socket, user, group, pid) -> holders.computeIfAbsent(socket, s -> new FakeHolder(s, pid)),
                (command, env, cols, rows, modes, who) -> {
                    onAttachStart.run();
                    FakeAttachment a = new FakeAttachment();
                    attachments.add(a);
                    return a;
                },
                (argv, env, dir, window, who, refused) -> {
                    throw new IOException("no programs run here");
                },
                new UserCommand(false), new SessionEnvironment(Layout.under(tmp), false), LogonGreeting.none(),
                store.sessions(), store.audit(), new OsUsers(clock), logonControl, clock, null),
                new SessionCore.Policy(Duration.ofSeconds(3),
                        new ReconnectChoice.Policy(multiplePerUser, false), Limits.NONE),
                changes::incrementAndGet, waitBeyondGrace);
    }

    /** An interactive logon of {@code user} from {@code viewer}. */
    Connection logon(OsUser user, FakeViewer viewer) throws IOException {
        return core.logons().connectInteractive(user, viewer, SPEC,
                new Actor(user.name(), user.uid(), "ssh " + viewer.clientAddress()));
    }

    /** Logs {@code user} on from a new client; returns the session it landed in. */
    Session logon(OsUser user) throws IOException {
        return logon(user, new FakeViewer("10.0.0.5:" + (40_000 + attachments.size()))).session();
    }

    FakeHolder holder(Session s) {
        return (FakeHolder) s.terminal();
    }

    FakeGroup group(Session s) {
        return (FakeGroup) s.group();
    }

    /** The attach client of {@code c}. */
    static FakeAttachment attachment(Connection c) {
        return (FakeAttachment) c.attachment();
    }

    List<AuditEvent> records(String type) {
        return store.records().stream().filter(e -> e.type().stableName().equals(type)).toList();
    }

    Optional<Session> session(int id) {
        return core.registry().find(id);
    }

    /** A clock a test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
