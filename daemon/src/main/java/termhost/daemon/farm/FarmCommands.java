package termhost.daemon.farm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.Operation;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.Caller;
import termhost.daemon.os.OsUsers;
import termhost.daemon.store.CommandQueue;
import termhost.daemon.store.StoreException;

/**
 * Commands for sessions on other hosts of the farm (issue #15 item 3), both ways:
 * <ul>
 *   <li>{@link #send}, on the caller's host: the request becomes a row of the command table (its
 *       host woken by NOTIFY), audited "requested"; the caller waits for the outcome, at most
 *       {@link #ANSWER_WAIT}, and gets it as its host answered, or {@code Error [1722]};</li>
 *   <li>the listener thread, on the session's host: woken by NOTIFY, and after every (re)LISTEN a
 *       scan for undone rows, so a lost notification loses no command; each command is claimed
 *       once, then run by this host's own admin code for the caller, whose rights this host's rules
 *       re-check, and its outcome written and audited.</li>
 * </ul>
 * The caller is named by uid and name: the farm assumes every host maps a name to the same uid
 * (LDAP/SSSD), and a host refuses a command whose uid it maps to another name.
 *
 * <p>Lifecycle: {@link #start} once with the handler; {@link #close} once (a second does nothing).
 */
public final class FarmCommands implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FarmCommands.class);
    /** How long the caller waits for the session's host: then {@code Error [1722]}, as an unreachable server. */
    public static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(1);
    /** The operations a command may carry: those that act on one session, and {@code change logon} on the host. */
    static final Set<String> VERBS = Set.of(Operation.LOGOFF.wireName(), Operation.RESET.wireName(),
            Operation.DISCONNECT.wireName(), Operation.MESSAGE.wireName(), Operation.LOGON_MODE.wireName());
    /** The session column of a command for the host itself ({@code change logon}): no session has it. */
    private static final int NO_SESSION = 0;
    private static final String TYPE = "@type";
    private static final Pattern CELL = Pattern.compile("@(\\d{1,6})\\.(.*)");

    /** This host's admin code, run for a command's caller: the reply, or the error, as a message. */
    @FunctionalInterface
    public interface Handler {
        Message handle(Caller caller, Message request);
    }

    private final String farm;
    private final String host;
    private final CommandQueue queue;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final ExecutorService runners = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "farm-command");
        t.setDaemon(true);
        return t;
    });
    private final Thread listener;
    private volatile boolean running = true;
    private Handler handler;
    private AuditLog audit;
    private OsUsers users;

    FarmCommands(String farm, String host, CommandQueue queue, Clock clock) {
        this.farm = farm;
        this.host = host;
        this.queue = queue;
        this.clock = clock;
        this.listener = new Thread(this::listen, "farm-listen");
        listener.setDaemon(true);
    }

    void start(Handler handler, AuditLog audit, OsUsers users) {
        this.handler = handler;
        this.audit = audit;
        this.users = users;
        listener.start();
    }

    /**
     * Runs {@code request} (an operation of {@link #VERBS}, its session named by {@code sessionId})
     * for {@code caller} on {@code target}, another host of this farm: the reply message as that host
     * gave it. Throws that host's error as it gave it; not found when {@code target} is no host of
     * the farm; unavailable when the table cannot be reached or the host does not answer in time.
     */
    public Message send(Caller caller, String target, int sessionId, Message request) {
        return send(caller, target, sessionId, request, sessionId);
    }

    /** As {@link #send}, for a command on host {@code target} itself ({@code change logon}): audited with no session. */
    public Message sendToHost(Caller caller, String target, Message request) {
        return send(caller, target, NO_SESSION, request, null);
    }

    private Message send(Caller caller, String target, int sessionId, Message request, Integer audited) {
        CommandQueue.Command command = new CommandQueue.Command(0, target, sessionId, request.type(),
                request.fields(), caller.name(), caller.uid(), host);
        long seq;
        try {
            seq = queue.submit(farm, command).orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                    MessageKey.ERROR_NOT_FARM_HOST, target + " is not a host of farm " + farm, target));
        } catch (StoreException e) {
            throw unanswered(caller, target, audited, request.type(), e.getMessage());
        }
        record(caller.name(), caller.uid(), caller.source(), audited, "requested",
                request.type() + " #" + seq + " for " + target);
        try {
            Optional<Map<String, String>> outcome = awaitOutcome(seq, clock.instant().plus(ANSWER_WAIT));
            if (outcome.isEmpty() && !queue.abandon(seq, Map.of(TYPE, "abandoned"))) {
                // claimed just now: it runs, so its answer is worth another wait
                outcome = awaitOutcome(seq, clock.instant().plus(ANSWER_WAIT));
            }
            if (outcome.isEmpty()) {
                throw unanswered(caller, target, audited, request.type(), "no answer from " + target + " for #" + seq);
            }
            Message reply = decode(outcome.get());
            boolean failed = !Message.RESULT.equals(reply.type());
            record(caller.name(), caller.uid(), caller.source(), audited, failed ? "failed" : "success",
                    request.type() + " #" + seq + " answered by " + target
                            + (failed ? ": " + ErrorReply.fromMessage(reply).detail() : ""));
            if (failed) {
                throw ErrorReply.fromMessage(reply).toException();
            }
            return reply;
        } catch (StoreException e) {
            throw unanswered(caller, target, audited, request.type(), e.getMessage());
        } finally {
            waiting.remove(seq);
        }
    }

    /** The outcome of {@code seq} by {@code deadline}: woken by its host's notification, read from the table. */
    private Optional<Map<String, String>> awaitOutcome(long seq, Instant deadline) {
        while (true) {
            // registered before the read: a notification from then on wakes this wait
            CompletableFuture<Void> woken = waiting.computeIfAbsent(seq, s -> new CompletableFuture<>());
            Optional<Map<String, String>> outcome = queue.outcome(seq);
            Duration left = Duration.between(clock.instant(), deadline);
            if (outcome.isPresent() || left.isNegative() || left.isZero()) {
                return outcome;
            }
            try {
                // the notification only wakes; one lost with a reconnect is made up for by the next read
                woken.get(Math.min(left.toMillis(), LISTEN_WAIT.toMillis()), TimeUnit.MILLISECONDS);
                waiting.remove(seq, woken);
            } catch (TimeoutException e) {
                // read again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never completed exceptionally
            }
        }
    }

    private TermhostException unanswered(Caller caller, String target, Integer sessionId, String verb, String why) {
        record(caller.name(), caller.uid(), caller.source(), sessionId, "failed", verb + " for " + target + ": " + why);
        return new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_FARM_NO_ANSWER,
                verb + (sessionId == null ? "" : " for session " + sessionId) + " on " + target + ": " + why, target,
                Long.toString(ANSWER_WAIT.toSeconds()));
    }

    private void listen() {
        while (running) {
            try {
                CommandQueue.Wakeups w = queue.await(host, LISTEN_WAIT);
                if (w.fresh()) {
                    log.info("farm {}: host {} listening for commands", farm, host);
                    queue.undone(host).forEach(this::runLater);
                    waiting.values().forEach(f -> f.complete(null));
                }
                w.commands().forEach(this::runLater);
                for (long seq : w.outcomes()) {
                    CompletableFuture<Void> f = waiting.get(seq);
                    if (f != null) {
                        f.complete(null);
                    }
                }
                backoff.reset();
            } catch (StoreException e) {
                log.warn("farm {}: cannot listen for commands: {}; again shortly", farm, e.getMessage());
                try {
                    Thread.sleep(backoff.next().toMillis()); // a retry delay, not a wait for a condition
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void runLater(long seq) {
        runners.execute(() -> {
            try {
                queue.claim(host, seq).ifPresent(this::run);
            } catch (StoreException e) {
                // unclaimed, it is found by the next scan; claimed, its caller is told it got no answer
                log.warn("farm {}: command #{}: {}", farm, seq, e.getMessage());
            }
        });
    }

    /** Runs one claimed command here, as its caller, and writes and audits its outcome. */
    private void run(CommandQueue.Command c) {
        String source = "farm host " + c.actorHost() + " #" + c.seq();
        Message reply;
        try {
            reply = handler.handle(caller(c, source), request(c));
        } catch (TermhostException e) {
            reply = ErrorReply.of(e).toMessage();
        } catch (RuntimeException e) {
            log.error("farm {}: command #{} ({}) failed", farm, c.seq(), c.verb(), e);
            reply = ErrorReply.of(TermhostException.internal(String.valueOf(e.getMessage()))).toMessage();
        }
        boolean ok = Message.RESULT.equals(reply.type());
        ErrorReply error = ok ? null : ErrorReply.fromMessage(reply);
        record(c.actor(), c.actorUid(), source, c.verb().equals(Operation.LOGON_MODE.wireName()) ? null : c.sessionId(),
                ok ? "success" : Caller.refused(error.category()) ? "denied" : "failed",
                c.verb() + " #" + c.seq() + " from " + c.actorHost() + (ok ? "" : ": " + error.detail()));
        queue.complete(c, encode(reply));
    }

    /** A reply as the outcome column holds it: its fields, its type under {@code @type}, row n's under {@code @n.}. */
    static Map<String, String> encode(Message reply) {
        Map<String, String> outcome = new LinkedHashMap<>(reply.fields());
        outcome.put(TYPE, reply.type());
        for (int i = 0; i < reply.rows().size(); i++) {
            for (Map.Entry<String, String> cell : reply.rows().get(i).entrySet()) {
                outcome.put("@" + i + "." + cell.getKey(), cell.getValue());
            }
        }
        return outcome;
    }

    /** The reply an outcome holds ({@link #encode}); without a type, an error. */
    static Message decode(Map<String, String> outcome) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : outcome.entrySet()) {
            Matcher cell = CELL.matcher(e.getKey());
            if (cell.matches()) {
                int row = Integer.parseInt(cell.group(1));
                while (rows.size() <= row) {
                    rows.add(new LinkedHashMap<>());
                }
                rows.get(row).put(cell.group(2), e.getValue());
            } else if (!e.getKey().equals(TYPE)) {
                fields.put(e.getKey(), e.getValue());
            }
        }
        return new Message(outcome.getOrDefault(TYPE, Message.ERROR), fields, rows);
    }

    /** The caller here: the same name with the same uid (the farm maps names alike on every host), or refused. */
    private Caller caller(CommandQueue.Command c, String source) {
        return Caller.fromFarmHost(users.byName(c.actor()), c.actor(), c.actorUid(), c.actorHost(), source);
    }

    private static Message request(CommandQueue.Command c) {
        if (!VERBS.contains(c.verb())) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_UNKNOWN_OPERATION,
                    "not a command for a session of another host: " + c.verb(), c.verb());
        }
        return Message.of(c.verb(), c.args());
    }

    private void record(String actor, int uid, String source, Integer sessionId, String outcome, String detail) {
        audit.record(new AuditEvent(clock.instant(), AuditType.FARM_COMMAND, actor, uid, source, sessionId, null,
                outcome, detail));
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        listener.interrupt();
        try {
            listener.join(LISTEN_WAIT.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.shutdownNow();
        queue.close();
    }
}
