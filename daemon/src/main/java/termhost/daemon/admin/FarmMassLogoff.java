package termhost.daemon.admin;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.wire.Progress;
import termhost.daemon.process.Step;
import termhost.daemon.store.FarmDirectory;

/**
 * {@code logoff * [/state:S] /server:FARM} and {@code reset session * /server:FARM}: every session of
 * the farm, from its directory, ended by its own host, one command each; as {@code logoff *} on one
 * host ({@link MassLogoff}), with the same progress events, one as each session's host answers
 * ({@code [n/N] session HOST:ID (user): ok}, or {@code failed: Error [1722]}), and a failure when
 * any could not be ended.
 *
 * <p>Planned from the directory's stored states (a lost host's sessions too: their commands fail,
 * said so, rather than being left out unsaid); a session of a host that is not up fails at once,
 * without a command that would run whenever that host returns. Commands go out side by side, a few
 * at once: each waits for its host, up to the farm's answer time.
 */
final class FarmMassLogoff {
    /** Commands in flight at once: enough to overlap hosts' answers, few enough for the hosts' own runners. */
    static final int PARALLEL = 8;

    /** One session to end: {@code host}'s {@code id}, owned by {@code owner}. */
    record Target(String host, int id, String owner, boolean hostUp) {
        String name() {
            return host + ":" + id;
        }
    }

    /** Ends one session, or throws its host's error. */
    @FunctionalInterface
    interface Ending {
        void end(Target t);
    }

    private FarmMassLogoff() {
    }

    /**
     * The sessions of {@code listed} in state {@code only} (null: any), as their hosts stored it,
     * whose owner {@code mayActOnOwner} (others' are left out, as {@code logoff *} leaves them out on
     * one host; their hosts would refuse them anyway), by host then id.
     */
    static List<Target> plan(List<FarmDirectory.Listed> listed, SessionState only, IntPredicate mayActOnOwner) {
        return listed.stream().filter(l -> only == null || l.state() == only)
                .filter(l -> mayActOnOwner.test(l.ownerUid()))
                .map(l -> new Target(l.host(), l.id(), l.ownerName(), l.hostUp())).toList();
    }

    /** Ends every session of {@code plan} by {@code ending}, events to {@code events}; throws when any failed. */
    static LogoffReply.Mass run(List<Target> plan, Ending ending, Consumer<Progress> events, String verb) {
        int total = plan.size();
        events.accept(Events.of(Step.of(MessageKey.LOGOFF_MASS_START, total)));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        SideBySide.run(plan, PARALLEL, "farm-mass-" + verb, t -> {
            String outcome = outcome(t, ending);
            if (!outcome.equals("ok")) {
                failed.incrementAndGet();
            }
            events.accept(progress(done.incrementAndGet(), total, t, outcome));
        });
        if (failed.get() > 0) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.LOGOFF_ERROR_MASS_FAILED,
                    failed.get() + " of " + total + " sessions of the farm could not be logged off",
                    Integer.toString(failed.get()), Integer.toString(total));
        }
        return new LogoffReply.Mass(total);
    }

    /** {@code ok}, or {@code failed: Error [n]} with the code of the host's error (1722: no answer, host not up). */
    static String outcome(Target t, Ending ending) {
        if (!t.hostUp()) {
            return failed(ErrorCategory.UNAVAILABLE);
        }
        try {
            ending.end(t);
            return "ok";
        } catch (TermhostException e) {
            // ended by itself meanwhile: what was asked is done
            return e.category() == ErrorCategory.NOT_FOUND && e.messageKey() != MessageKey.ERROR_NOT_FARM_HOST ? "ok"
                    : failed(e.category());
        }
    }

    private static String failed(ErrorCategory category) {
        return "failed: Error [" + category.windowsCode() + "]";
    }

    /** The event of the {@code n}th answer of {@code total}: {@code [n/N] session HOST:ID (user): outcome}. */
    static Progress progress(int n, int total, Target t, String outcome) {
        return Events.of(Step.of(MessageKey.LOGOFF_MASS_PROGRESS, n, total, t.name(), t.owner(), outcome));
    }
}
