package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {
    @Test
    void aNameIsAUserAnAtSignAGroupAndAStarEveryone() {
        assertThat(Principal.parse("alice")).isEqualTo(new Principal(Principal.Kind.USER, "alice"));
        assertThat(Principal.parse("@staff")).isEqualTo(new Principal(Principal.Kind.GROUP, "staff"));
        assertThat(Principal.parse("*")).isSameAs(Principal.EVERYONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "@termhost-admins", "*"})
    void printsAsTyped(String s) {
        assertThat(Principal.parse(s)).hasToString(s);
    }

    @Test
    void aLoneAtSignIsNoGroup() {
        assertThat(Principal.parse("@").kind()).isEqualTo(Principal.Kind.USER);
    }

    @ParameterizedTest
    @EnumSource(Principal.Kind.class)
    void kindsRoundTripThroughTheirStoredNames(Principal.Kind k) {
        assertThat(Principal.Kind.fromStableName(k.stableName())).isEqualTo(k);
    }

    @Test
    void anUnknownStoredKindIsAnError() {
        assertThatThrownBy(() -> Principal.Kind.fromStableName("USER")).isInstanceOf(IllegalArgumentException.class);
    }
}
