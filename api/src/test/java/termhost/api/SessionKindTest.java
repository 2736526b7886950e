package termhost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SessionKindTest {
    @ParameterizedTest
    @EnumSource(SessionKind.class)
    void everyConstantRoundTripsThroughItsWireName(SessionKind constant) {
        assertThat(SessionKind.fromWireName(constant.wireName())).isSameAs(constant);
        assertThat(constant.wireName()).matches("[a-z_]+");
    }

    @Test
    void wireNamesAreDistinct() {
        assertThat(Arrays.stream(SessionKind.values()).map(SessionKind::wireName)).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SessionKind.fromWireName("bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void theEnumNameIsNotTheWireName() {
        // stored by name, never by ordinal or Java identifier: the upper-case form is not accepted
        assertThatThrownBy(() -> SessionKind.fromWireName(SessionKind.values()[0].name()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
