package termhost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import termhost.api.op.RightsRequest;

/** The enums sent by name round-trip through it, and never by their Java names (CONVENTIONS 5). */
class WireNamesTest {
    @ParameterizedTest
    @EnumSource(LogonMode.class)
    void logonModes(LogonMode m) {
        assertThat(LogonMode.fromWireName(m.wireName())).isSameAs(m);
    }

    @ParameterizedTest
    @EnumSource(DeliveryOutcome.class)
    void deliveryOutcomes(DeliveryOutcome o) {
        assertThat(DeliveryOutcome.fromWireName(o.wireName())).isSameAs(o);
    }

    @ParameterizedTest
    @EnumSource(RightsRequest.Action.class)
    void rightsActions(RightsRequest.Action a) {
        assertThat(RightsRequest.Action.fromWireName(a.wireName())).isSameAs(a);
    }

    @ParameterizedTest
    @EnumSource(MessageKey.class)
    void messageKeys(MessageKey k) {
        assertThat(MessageKey.fromKey(k.key())).isSameAs(k);
    }

    @Test
    void namesAreDistinctAndJavaNamesAreRefused() {
        assertThat(Arrays.stream(MessageKey.values()).map(MessageKey::key)).doesNotHaveDuplicates();
        assertThatThrownBy(() -> LogonMode.fromWireName("DRAIN_UNTIL_RESTART"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryOutcome.fromWireName("TIMED_OUT"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
