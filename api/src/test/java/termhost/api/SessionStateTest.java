package termhost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    @ParameterizedTest
    @EnumSource(SessionState.class)
    void everyConstantRoundTripsThroughItsWireName(SessionState constant) {
        assertThat(SessionState.fromWireName(constant.wireName())).isSameAs(constant);
        assertThat(constant.wireName()).matches("[a-z_]+");
    }

    @Test
    void wireNamesAreDistinct() {
        assertThat(Arrays.stream(SessionState.values()).map(SessionState::wireName)).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SessionState.fromWireName("bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void theEnumNameIsNotTheWireName() {
        // stored by name, never by ordinal or Java identifier: the upper-case form is not accepted
        assertThatThrownBy(() -> SessionState.fromWireName(SessionState.values()[0].name()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedNamesStayAsTheyAre() {
        // these strings are in existing stores: renaming a constant must not change them
        assertThat(Arrays.stream(SessionState.values()).map(SessionState::wireName))
                .containsExactly("active", "disconnected", "listen", "connected", "down");
    }
}
