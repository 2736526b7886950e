package termhost.daemon.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.op.LogoffRequest;
import termhost.api.op.ResetRequest;
import termhost.api.wire.Message;
import termhost.api.wire.Progress;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.farm.Farm;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;
import termhost.daemon.session.LogoffOutcome;

/**
 * {@code logoff [<sessionname> | <sessionID>]}: where logoff is decided.
 * <ul>
 *   <li>no session named: the caller's own, i.e. the session whose cgroup holds the caller;</li>
 *   <li>a number is an id, anything else the name of an active (connected) session;</li>
 *   <li>{@code FARM:*} (the command's {@code * /server:FARM}): every session of this host's farm,
 *       each by its own host ({@link FarmMassLogoff});</li>
 *   <li>the services, console and listener rows are never logged off;</li>
 *   <li>one's own session always; another user's needs Logoff or Reset (Full Control): the permit
 *       says, as the route gave it;</li>
 *   <li>the logoff itself is audited by the session manager before this returns, so a reported
 *       success always has its record.</li>
 * </ul>
 */
public final class LogoffOperation {
    private static final String FARM_ALL = ":*";

    private final ManagedSessions sessions;
    private final SessionTargets targets;
    private final Optional<Farm> farm;

    public LogoffOperation(ManagedSessions sessions) {
        this(sessions, Optional.empty());
    }

    /** @param farm this host's farm, whose sessions {@code FARM:*} names; empty: a single host */
    public LogoffOperation(ManagedSessions sessions, Optional<Farm> farm) {
        this.sessions = sessions;
        this.targets = new SessionTargets(sessions);
        this.farm = farm;
    }

    /**
     * Every session of farm {@code server} in {@code state}, each ended by its host: this host's here,
     * as one {@code logoff ID} is, the others' by a command. Not found when this host is in no farm
     * of that name (the command then reaches {@code server} over SSH).
     */
    private LogoffReply farmWide(SessionPermit permit, String server, String state, Consumer<Progress> events,
            Duration grace, String verb) {
        Farm f = FarmSessions.named(farm, server);
        return FarmMassLogoff.run(FarmMassLogoff.plan(FarmSessions.fromDirectory(server, f::sessions),
                MassLogoff.onlyState(state), permit::mayActOnOwner), t -> {
            if (t.host().equals(f.host())) {
                handle(permit, Integer.toString(t.id()), null, e -> { }, grace, verb);
            } else {
                String id = Integer.toString(t.id());
                Message request = verb.equals("reset") ? new ResetRequest(id, null).toMessage()
                        : new LogoffRequest(id, null).toMessage();
                f.commands().send(permit.caller(), t.host(), t.id(), request);
            }
        }, events, verb);
    }

    /**
     * @param session a session ID or name, {@code *}, or null for the caller's own
     * @param state with {@code *}: {@code disc}, {@code active} or null
     * @param grace the grace period: the setting for logoff, zero for {@code reset session}
     * @param verb {@code logoff} or {@code reset}, for the audit record's reason
     */
    LogoffReply handle(SessionPermit permit, String session, String state, Consumer<Progress> events,
            Duration grace, String verb) {
        if ("*".equals(session)) {
            return MassLogoff.run(sessions, permit, state, events, grace, verb);
        }
        if (session != null && session.endsWith(FARM_ALL)) {
            return farmWide(permit, session.substring(0, session.length() - FARM_ALL.length()), state, events, grace,
                    verb);
        }
        Caller caller = permit.caller();
        Session target = targets.resolve(permit, session);
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_START, target.id(), target.owner().name())));
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        LogoffOutcome outcome;
        try {
            String reason = (verb.equals("reset") ? "reset by " : "logged off by ") + caller.name();
            Consumer<Step> progress = step -> events.accept(Events.of(step));
            outcome = verb.equals("reset") ? sessions.reset(target.id(), actor, reason, progress)
                    : sessions.logoff(target.id(), actor, reason, grace, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_LOGOFF_FAILED,
                    "session " + target.id() + ": interrupted", Integer.toString(target.id()), "interrupted");
        }
        if (outcome.alreadyGone()) {
            events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_ALREADY, outcome.sessionId())));
            return LogoffReply.Single.alreadyGone(outcome.sessionId(), outcome.owner());
        }
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_V_DONE, outcome.sessionId(), outcome.result().processes(),
                outcome.result().took().toMillis())));
        return new LogoffReply.Single(outcome.sessionId(), outcome.owner(), false, outcome.result().processes(),
                String.join("+", outcome.result().signals()), outcome.result().took().toMillis());
    }
}
