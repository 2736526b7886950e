package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import termhost.daemon.config.AuthMethods.Method;

/** {@code auth.methods} read as OpenSSH reads AuthenticationMethods. */
class AuthMethodsTest {
    @Test
    void listsAreSeparatedBySpacesAndMethodsInAListByCommas() {
        AuthMethods m = AuthMethods.parse("  publickey,keyboard-interactive   password ");
        assertThat(m.lists()).containsExactly(List.of(Method.PUBLICKEY, Method.KEYBOARD_INTERACTIVE),
                List.of(Method.PASSWORD));
        assertThat(m).hasToString("publickey,keyboard-interactive password");
        assertThat(m.named()).containsExactlyInAnyOrder(Method.PUBLICKEY, Method.KEYBOARD_INTERACTIVE, Method.PASSWORD);
    }

    @Test
    void onlyTheKeyNeedsNoPam() {
        assertThat(AuthMethods.parse("publickey").usePam()).isFalse();
        assertThat(AuthMethods.parse("publickey password").usePam()).isTrue();
    }

    @Test
    void anUnknownMethodIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> AuthMethods.parse("publickey,hostbased"))
                .hasMessage("unknown method 'hostbased' (known: publickey, password, keyboard-interactive)");
        assertThatThrownBy(() -> AuthMethods.parse("publickey,,password")).hasMessageContaining("unknown method ''");
    }

    @Test
    void nothingNamedIsRefused() {
        assertThatThrownBy(() -> AuthMethods.parse("   ")).hasMessage("no method named");
    }

    @Test
    void theSettingNamesTheKeyInItsError() {
        assertThatThrownBy(() -> SettingKeys.AUTH_METHODS.parse("gssapi-with-mic"))
                .hasMessageStartingWith("auth.methods: not authentication methods: 'gssapi-with-mic': unknown method");
    }
}
