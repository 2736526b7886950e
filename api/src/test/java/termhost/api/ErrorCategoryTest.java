package termhost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ErrorCategoryTest {
    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void everyConstantRoundTripsThroughItsWireName(ErrorCategory constant) {
        assertThat(ErrorCategory.fromWireName(constant.wireName())).isSameAs(constant);
        assertThat(constant.wireName()).matches("[a-z_]+");
    }

    @Test
    void wireNamesAreDistinct() {
        assertThat(Arrays.stream(ErrorCategory.values()).map(ErrorCategory::wireName)).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ErrorCategory.fromWireName("bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void theEnumNameIsNotTheWireName() {
        // stored by name, never by ordinal or Java identifier: the upper-case form is not accepted
        assertThatThrownBy(() -> ErrorCategory.fromWireName(ErrorCategory.values()[0].name()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachCategoryHasItsWindowsCode() {
        assertThat(ErrorCategory.ACCESS_DENIED.windowsCode()).isEqualTo(5);
        assertThat(ErrorCategory.INVALID_ARGUMENT.windowsCode()).isEqualTo(87);
        assertThat(ErrorCategory.NOT_FOUND.windowsCode()).isEqualTo(7022);
        assertThat(Arrays.stream(ErrorCategory.values()).map(ErrorCategory::windowsCode)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void eachCodeHasItsWindowsText(ErrorCategory constant) {
        assertThat(constant.windowsText().key()).isEqualTo("error.code." + constant.windowsCode());
    }
}
