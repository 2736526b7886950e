package termhost.daemon.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.wire.Progress;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.SessionPermit;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Session;

/**
 * {@code logoff * [/state:disc|active]}: every session the caller may log off, optionally only
 * those in one state (Windows admins script "every disconnected session" from query session; this
 * is the same in one command). Sessions are logged off side by side, a bounded number at once;
 * each one is checked, logged off and audited exactly as a single logoff, and an event after each
 * lets the command show progress.
 */
final class MassLogoff {
    /** Enough to overlap the grace periods and fsyncs, few enough not to swamp two cores. */
    private static final int PARALLEL = 32;

    private MassLogoff() {
    }

    /** {@code /state:} as typed: the state it keeps, null for none given; a usage error for another word. */
    static SessionState onlyState(String state) {
        return state == null ? null : switch (state) {
            case "disc" -> SessionState.DISCONNECTED;
            case "active" -> SessionState.ACTIVE;
            default -> throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.LOGOFF_ERROR_STATE,
                    "unknown /state " + state, state);
        };
    }

    static LogoffReply.Mass run(ManagedSessions sessions, SessionPermit permit, String state,
            Consumer<Progress> events, Duration grace, String verb) {
        Caller caller = permit.caller();
        SessionState only = onlyState(state);
        List<Session> chosen = new ArrayList<>();
        for (Session s : sessions.all()) {
            // others' sessions the caller may not log off are left out, as in a listing: not a refusal
            if ((only == null || s.state() == only) && permit.mayActOn(s)) {
                chosen.add(s);
            }
        }
        int total = chosen.size();
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_MASS_START, total)));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Actor actor = new Actor(caller.name(), caller.uid(), caller.source());
        SideBySide.run(chosen, PARALLEL, "mass-logoff", s -> {
            boolean ok = true;
            try {
                String reason = (verb.equals("reset") ? "reset by " : "logged off by ") + caller.name()
                        + " (all " + (state == null ? "" : state + " ") + "sessions)";
                if (verb.equals("reset")) {
                    sessions.reset(s.id(), actor, reason, step -> { });
                } else {
                    sessions.logoff(s.id(), actor, reason, grace, step -> { });
                }
            } catch (TermhostException e) {
                ok = e.category() == ErrorCategory.NOT_FOUND; // it ended by itself meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
            if (!ok) {
                failed.incrementAndGet();
            }
            events.accept(Events.of(Step.of(MessageKey.LOGOFF_MASS_PROGRESS, done.incrementAndGet(), total,
                    s.id(), s.owner().name(), ok ? "ok" : "failed")));
        });
        if (failed.get() > 0) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.LOGOFF_ERROR_MASS_FAILED,
                    failed.get() + " of " + total + " sessions could not be logged off",
                    Integer.toString(failed.get()), Integer.toString(total));
        }
        return new LogoffReply.Mass(total);
    }
}
