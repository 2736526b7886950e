package termhost.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time limits, by moving time: no test here waits. */
class PolicyEngineTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    private static Limits limits(Duration disc, Duration idle, Duration active, boolean end) {
        return new Limits(disc, idle, active, end, Duration.ofMinutes(2));
    }

    private static SessionFacts connected(int id, Instant since, Instant lastInput) {
        return new SessionFacts(id, true, since, null, lastInput);
    }

    @Test
    void anIdleSessionIsWarnedTwoMinutesBeforeThenDisconnected() {
        Limits l = limits(Duration.ZERO, Duration.ofMinutes(10), Duration.ZERO, false);
        List<SessionFacts> s = List.of(connected(2, T0, T0));
        PolicyEngine.Decision early = engine.evaluate(l, s, T0.plusSeconds(60));
        assertThat(early.actions()).isEmpty();
        assertThat(early.next()).isEqualTo(T0.plus(Duration.ofMinutes(8)));
        assertThat(engine.evaluate(l, s, T0.plus(Duration.ofMinutes(8))).actions())
                .containsExactly(new PolicyAction(2, PolicyAction.Kind.WARN, "idle"));
        assertThat(engine.evaluate(l, s, T0.plus(Duration.ofMinutes(9))).actions())
                .as("one warning per idle stretch").isEmpty();
        assertThat(engine.evaluate(l, s, T0.plus(Duration.ofMinutes(10))).actions())
                .containsExactly(new PolicyAction(2, PolicyAction.Kind.DISCONNECT, "idle"));
    }

    @Test
    void inputRestartsTheIdleClockAndEarnsANewWarning() {
        Limits l = limits(Duration.ZERO, Duration.ofMinutes(10), Duration.ZERO, false);
        engine.evaluate(l, List.of(connected(2, T0, T0)), T0.plus(Duration.ofMinutes(8)));
        Instant typed = T0.plus(Duration.ofMinutes(9));
        List<SessionFacts> after = List.of(connected(2, T0, typed));
        assertThat(engine.evaluate(l, after, T0.plus(Duration.ofMinutes(12))).actions()).isEmpty();
        assertThat(engine.evaluate(l, after, typed.plus(Duration.ofMinutes(8))).actions())
                .containsExactly(new PolicyAction(2, PolicyAction.Kind.WARN, "idle"));
    }

    @Test
    void endSessionTurnsDisconnectIntoLogoff() {
        Limits l = limits(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), true);
        assertThat(engine.evaluate(l, List.of(connected(3, T0, T0.plusSeconds(3500))), T0.plus(Duration.ofHours(1)))
                .actions()).containsExactly(new PolicyAction(3, PolicyAction.Kind.LOG_OFF, "active"));
    }

    @Test
    void aDisconnectedSessionIsLoggedOffAtItsLimitWithoutWarning() {
        Limits l = limits(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ZERO, false);
        SessionFacts disc = new SessionFacts(4, true, null, T0, T0.minusSeconds(600));
        assertThat(engine.evaluate(l, List.of(disc), T0.plus(Duration.ofMinutes(29))).actions())
                .as("idle limits do not apply to a disconnected session").isEmpty();
        assertThat(engine.evaluate(l, List.of(disc), T0.plus(Duration.ofMinutes(30))).actions())
                .containsExactly(new PolicyAction(4, PolicyAction.Kind.LOG_OFF, "disconnected"));
    }

    @Test
    void noLimitsNoActions() {
        PolicyEngine.Decision d = engine.evaluate(Limits.NONE, List.of(connected(2, T0, T0)), T0.plus(Duration.ofDays(3)));
        assertThat(d.actions()).isEmpty();
    }
}
