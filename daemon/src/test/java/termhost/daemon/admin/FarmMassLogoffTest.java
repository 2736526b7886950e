package termhost.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionKind;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.LogoffReply;
import termhost.api.wire.Progress;
import termhost.daemon.store.FarmDirectory;

/**
 * {@code logoff * /server:FARM}'s planning and running, with the directory's rows and each host's
 * answer made up: which sessions are chosen, what each line says, and the failure when any failed.
 */
class FarmMassLogoffTest {
    private static final int ALICE = 1001;
    private static final int BOB = 1002;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void thePlanTakesTheStoredStateOfEveryHostsSessionsAndOnlyOwnersTheCallerMayActOn() {
        List<FarmDirectory.Listed> listed = List.of(listed("host-a", true, 2, SessionState.DISCONNECTED, ALICE),
                listed("host-a", true, 3, SessionState.ACTIVE, ALICE),
                listed("host-b", true, 2, SessionState.DISCONNECTED, BOB),
                listed("host-c", false, 4, SessionState.DISCONNECTED, ALICE));

        assertThat(FarmMassLogoff.plan(listed, SessionState.DISCONNECTED, uid -> true))
                .extracting(FarmMassLogoff.Target::name).containsExactly("host-a:2", "host-b:2", "host-c:4");
        assertThat(FarmMassLogoff.plan(listed, null, uid -> uid == ALICE))
                .extracting(FarmMassLogoff.Target::name).containsExactly("host-a:2", "host-a:3", "host-c:4");
        assertThat(FarmMassLogoff.plan(listed, SessionState.DISCONNECTED, uid -> true).get(2).hostUp()).isFalse();
    }

    @Test
    void eachAnswerIsALineAsItComesAndAnyFailureFailsTheWholeWithItsCount() {
        List<FarmMassLogoff.Target> plan = List.of(new FarmMassLogoff.Target("host-a", 2, "alice", true),
                new FarmMassLogoff.Target("host-b", 3, "bob", true),
                new FarmMassLogoff.Target("host-b", 4, "bob", true),
                new FarmMassLogoff.Target("host-c", 5, "carol", false));
        List<Progress> events = Collections.synchronizedList(new ArrayList<>());
        List<String> asked = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> FarmMassLogoff.run(plan, t -> {
            asked.add(t.name());
            if (t.id() == 3) {
                throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_FARM_NO_ANSWER, "no answer",
                        "host-b", "10");
            }
            if (t.id() == 4) { // it ended by itself meanwhile: done
                throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND, "gone", "4");
            }
        }, events::add, "logoff")).isInstanceOfSatisfying(TermhostException.class, e -> {
            assertThat(e.messageKey()).isEqualTo(MessageKey.LOGOFF_ERROR_MASS_FAILED);
            assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(e.messageArgs()).containsExactly("2", "4");
        });

        assertThat(asked).containsExactlyInAnyOrder("host-a:2", "host-b:3", "host-b:4"); // host-c is not up: no command
        assertThat(events.get(0)).isEqualTo(new Progress(MessageKey.LOGOFF_MASS_START, List.of("4")));
        List<Progress> lines = events.subList(1, events.size());
        assertThat(lines).extracting(p -> p.args().get(0)).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(lines).allSatisfy(p -> assertThat(p.args().get(1)).isEqualTo("4"));
        assertThat(lines).extracting(p -> p.args().get(2) + " (" + p.args().get(3) + "): " + p.args().get(4))
                .containsExactlyInAnyOrder("host-a:2 (alice): ok", "host-b:3 (bob): failed: Error [1722]",
                        "host-b:4 (bob): ok", "host-c:5 (carol): failed: Error [1722]");
    }

    @Test
    void aHostsRefusalIsItsOwnCodeAndAllDoneIsTheCount() {
        FarmMassLogoff.Target t = new FarmMassLogoff.Target("host-b", 3, "bob", true);

        assertThat(FarmMassLogoff.outcome(t, x -> {
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5, "no");
        })).isEqualTo("failed: Error [5]");
        assertThat(FarmMassLogoff.outcome(t, x -> {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_NOT_FARM_HOST, "gone", "host-b");
        })).isEqualTo("failed: Error [7022]");
        LogoffReply.Mass all = FarmMassLogoff.run(List.of(t), x -> { }, e -> { }, "reset");
        assertThat(all.count()).isEqualTo(1);
    }

    private static FarmDirectory.Listed listed(String host, boolean up, int id, SessionState state, int owner) {
        return new FarmDirectory.Listed(host, up, id, SessionKind.INTERACTIVE, state, owner,
                owner == ALICE ? "alice" : "bob", null, T0, null, "", null);
    }
}
