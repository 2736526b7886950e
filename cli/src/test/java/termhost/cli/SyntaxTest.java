package termhost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

class SyntaxTest {
    private static Syntax parse(String... args) {
        return Syntax.parse(List.of(args), Set.of("v"), Set.of("server"));
    }

    @Test
    void switchesAreCaseInsensitiveAndCarryValuesAfterAColon() {
        Syntax s = parse("12", "/V", "/SERVER:Host-1");
        assertThat(s.has("v")).isTrue();
        assertThat(s.value("server")).contains("Host-1"); // the value keeps its case
        assertThat(s.positionals()).containsExactly("12");
        assertThat(s.singleTarget()).contains("12");
    }

    @Test
    void aValueMayItselfHoldColons() {
        assertThat(parse("/server:[::1]:2222").value("server")).contains("[::1]:2222");
    }

    @Test
    void helpIsAlwaysKnown() {
        assertThat(parse("/?").has("?")).isTrue();
    }

    @Test
    void aLoneSlashIsAPositional() {
        assertThat(parse("/").positionals()).containsExactly("/");
    }

    @Test
    void anUnknownSwitchIsAUsageErrorNamingIt() {
        assertUsage(() -> parse("/bogus"), MessageKey.ERROR_UNKNOWN_SWITCH, "/bogus");
    }

    @Test
    void aFlagWithAValueAndAValuedSwitchWithoutOneAreErrors() {
        assertUsage(() -> parse("/v:1"), MessageKey.ERROR_SWITCH_TAKES_NO_VALUE, "/v:1");
        assertUsage(() -> parse("/server"), MessageKey.ERROR_SWITCH_NEEDS_VALUE, "/server");
        assertUsage(() -> parse("/server:"), MessageKey.ERROR_SWITCH_NEEDS_VALUE, "/server:");
    }

    @Test
    void aValuedSwitchTwiceIsAnError() {
        assertUsage(() -> parse("/server:a", "/Server:b"), MessageKey.ERROR_SWITCH_TWICE, "/server");
    }

    @Test
    void moreThanOneTargetIsAnError() {
        Syntax s = parse("12", "13");
        assertUsage(s::singleTarget, MessageKey.ERROR_TOO_MANY_ARGUMENTS, "12 13");
        assertThat(parse().singleTarget()).isEmpty();
    }

    private static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, MessageKey key,
            String arg) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TermhostException.class, e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_ARGUMENT);
            assertThat(e.messageKey()).isEqualTo(key);
            assertThat(e.messageArgs()).containsExactly(arg);
        });
    }
}
