package termhost.daemon.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import termhost.api.DeliveryOutcome;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.Delivery;
import termhost.api.op.MessageReply;
import termhost.api.op.MessageRequest;
import termhost.api.wire.Progress;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;

/**
 * {@code msg {<username> | <sessionname> | <sessionID> | @<filename> | *}}: to each named
 * recipient (a user means every session of that user; {@code *} every session), each needing the
 * Message right unless it is one's own. With {@code /w} the reply waits for every recipient's
 * acknowledgement or time-out and says which.
 */
public final class MessageOperation {
    static final int DEFAULT_SECONDS = 60;
    static final int MAX_SECONDS = 24 * 3600;
    static final int MAX_TEXT = 4096;

    private final ManagedSessions sessions;
    private final SessionTargets targets;

    public MessageOperation(ManagedSessions sessions) {
        this.sessions = sessions;
        this.targets = new SessionTargets(sessions);
    }

    MessageReply handle(SessionPermit permit, MessageRequest request, Consumer<Progress> events) {
        Caller caller = permit.caller();
        String text = request.text();
        if (text.isBlank()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_EMPTY,
                    "the message is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_TOO_LONG,
                    "the message has " + text.length() + " characters; at most " + MAX_TEXT,
                    Integer.toString(MAX_TEXT));
        }
        int seconds = DEFAULT_SECONDS;
        if (request.time() != null) {
            String t = request.time();
            if (!t.matches("\\d{1,6}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > MAX_SECONDS) {
                throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_TIME,
                        "/time must be 1.." + MAX_SECONDS + ": " + t, t);
            }
            seconds = Integer.parseInt(t);
        }
        boolean wait = request.awaitAcknowledgement();
        Set<Session> recipients = recipients(permit, request.recipients());
        Actor from = new Actor(caller.name(), caller.uid(), caller.source());
        Duration time = Duration.ofSeconds(seconds);
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        for (Session s : recipients) {
            // each recipient on its own thread: /w waits for all of them at once, not one by one
            results.add(CompletableFuture.supplyAsync(() -> {
                DeliveryOutcome o = sessions.message(s, from, text, time, wait);
                events.accept(Events.of(Step.of(verboseText(o), s.id(), s.owner().name())));
                return new Delivery(s.id(), s.owner().name(), o);
            }, MessageOperation::startThread));
        }
        return new MessageReply(results.stream().map(CompletableFuture::join).toList());
    }

    /** What {@code /v} says of each session. */
    private static MessageKey verboseText(DeliveryOutcome outcome) {
        return switch (outcome) {
            case SHOWN -> MessageKey.MSG_V_SHOWN;
            case ACKNOWLEDGED -> MessageKey.MSG_V_ACKNOWLEDGED;
            case TIMED_OUT -> MessageKey.MSG_V_TIMED_OUT;
            case QUEUED -> MessageKey.MSG_V_QUEUED;
            case FAILED -> MessageKey.MSG_V_FAILED;
        };
    }

    private static void startThread(Runnable r) {
        Thread t = new Thread(r, "msg");
        t.setDaemon(true);
        t.start();
    }

    private Set<Session> recipients(SessionPermit permit, List<String> names) {
        if (names.isEmpty()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_NO_RECIPIENT,
                    "name a user, a session or *");
        }
        Set<Session> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals("*")) {
                // every session one may send to; the others are left out, as in a listing
                for (Session s : sessions.all()) {
                    if (permit.mayActOn(s)) {
                        out.add(s);
                    }
                }
                continue;
            }
            List<Session> ofUser = sessions.all().stream().filter(s -> s.owner().name().equals(name)).toList();
            if (!ofUser.isEmpty() && !name.matches("\\d+")) {
                for (Session s : ofUser) {
                    permit.requireOn(s);
                    out.add(s);
                }
                continue;
            }
            out.add(targets.resolve(permit, name));
        }
        return out;
    }
}
