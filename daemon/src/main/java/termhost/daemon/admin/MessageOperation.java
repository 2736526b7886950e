package termhost.daemon.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.Right;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Messenger;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

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

    private final SessionManager sessions;
    private final SessionTargets targets;
    private final AccessPolicy policy;

    public MessageOperation(SessionManager sessions, SessionTargets targets, AccessPolicy policy) {
        this.sessions = sessions;
        this.targets = targets;
        this.policy = policy;
    }

    Message handle(Caller caller, Message request, Consumer<Message> events) {
        String text = request.field("text", "");
        if (text.isBlank()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_EMPTY, "the message is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_TOO_LONG,
                    "the message has " + text.length() + " characters; at most " + MAX_TEXT,
                    Integer.toString(MAX_TEXT));
        }
        int seconds = DEFAULT_SECONDS;
        if (request.field("time") != null) {
            String t = request.field("time");
            if (!t.matches("\\d{1,6}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > MAX_SECONDS) {
                throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_TIME,
                        "/time must be 1.." + MAX_SECONDS + ": " + t, t);
            }
            seconds = Integer.parseInt(t);
        }
        boolean wait = "true".equals(request.field("wait"));
        Set<Session> recipients = recipients(caller, request);
        Actor from = new Actor(caller.name(), caller.uid(), caller.source());
        Duration time = Duration.ofSeconds(seconds);
        List<CompletableFuture<Map<String, String>>> results = new ArrayList<>();
        for (Session s : recipients) {
            // each recipient on its own thread: /w waits for all of them at once, not one by one
            results.add(CompletableFuture.supplyAsync(() -> {
                Messenger.Outcome o = sessions.message(s, from, text, time, wait);
                events.accept(Events.of(Step.of(verboseText(o), s.id(), s.owner().name())));
                Map<String, String> r = new LinkedHashMap<>();
                r.put("id", Integer.toString(s.id()));
                r.put("user", s.owner().name());
                r.put("outcome", o.wireName());
                return r;
            }, MessageOperation::startThread));
        }
        List<Map<String, String>> rows = results.stream().map(CompletableFuture::join).toList();
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    /** What {@code /v} says of each session. */
    private static MessageKey verboseText(Messenger.Outcome outcome) {
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

    private Set<Session> recipients(Caller caller, Message request) {
        List<String> names = new ArrayList<>();
        for (int i = 0; request.field("to" + i) != null; i++) {
            names.add(request.field("to" + i));
        }
        if (names.isEmpty()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.MSG_ERROR_NO_RECIPIENT,
                    "name a user, a session or *");
        }
        Set<Session> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals("*")) {
                for (Session s : sessions.sessions()) {
                    if (policy.allows(caller.uid(), caller.user(), Right.MESSAGE, s.owner().uid())) {
                        out.add(s);
                    }
                }
                continue;
            }
            List<Session> ofUser = sessions.sessions().stream().filter(s -> s.owner().name().equals(name)).toList();
            if (!ofUser.isEmpty() && !name.matches("\\d+")) {
                for (Session s : ofUser) {
                    out.add(targets.resolve(caller, Integer.toString(s.id()), "message", MessageKey.MSG_ERROR_RESERVED,
                            Right.MESSAGE));
                }
                continue;
            }
            out.add(targets.resolve(caller, name, "message", MessageKey.MSG_ERROR_RESERVED, Right.MESSAGE));
        }
        return out;
    }
}
