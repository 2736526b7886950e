package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;

/** The names, bits and presets of the rights, as administrators type them and the store keeps them. */
class RightsTest {
    @Test
    void theBitsAreWindowsWtsSecurityValues() {
        assertThat(Right.QUERY_INFORMATION.bit()).isEqualTo(0x1);
        assertThat(Right.SET_INFORMATION.bit()).isEqualTo(0x2);
        assertThat(Right.RESET.bit()).isEqualTo(0x4);
        assertThat(Right.VIRTUAL_CHANNELS.bit()).isEqualTo(0x8);
        assertThat(Right.REMOTE_CONTROL.bit()).isEqualTo(0x10);
        assertThat(Right.LOGON.bit()).isEqualTo(0x20);
        assertThat(Right.LOGOFF.bit()).isEqualTo(0x40);
        assertThat(Right.MESSAGE.bit()).isEqualTo(0x80);
        assertThat(Right.CONNECT.bit()).isEqualTo(0x100);
        assertThat(Right.DISCONNECT.bit()).isEqualTo(0x200);
        assertThat(Rights.mask(Rights.FULL_CONTROL)).isEqualTo(0x3FF);
    }

    @Test
    void thePresetsAreThoseOfTheReference() {
        assertThat(Rights.GUEST_ACCESS).containsExactly(Right.LOGON);
        // Windows' User Access, with Virtual Channels it gives on one's own session: checked at logon here
        assertThat(Rights.USER_ACCESS).containsExactlyInAnyOrder(Right.LOGON, Right.QUERY_INFORMATION, Right.MESSAGE,
                Right.CONNECT, Right.VIRTUAL_CHANNELS);
        assertThat(Rights.mask(Rights.USER_ACCESS)).isEqualTo(417 | 0x8);
        assertThat(Rights.FULL_CONTROL).containsExactlyInAnyOrder(Right.values());
    }

    @ParameterizedTest
    @EnumSource(Right.class)
    void everyRightRoundTripsThroughItsNameAndItsBit(Right r) {
        assertThat(Rights.parse(r.displayName())).containsExactly(r);
        assertThat(Rights.parse(r.stableName())).containsExactly(r);
        assertThat(Rights.parse(r.displayName().toUpperCase())).containsExactly(r);
        assertThat(Rights.fromMask(r.bit())).containsExactly(r);
        assertThat(Rights.describe(EnumSet.of(r))).isEqualTo(r == Right.LOGON ? "GuestAccess" : r.displayName());
    }

    @Test
    void parseTakesPresetsListsCaseDashesAndSpaces() {
        assertThat(Rights.parse("FullControl")).isEqualTo(Rights.FULL_CONTROL);
        assertThat(Rights.parse("full-control")).isEqualTo(Rights.FULL_CONTROL);
        assertThat(Rights.parse("user_access")).isEqualTo(Rights.USER_ACCESS);
        assertThat(Rights.parse("GuestAccess")).isEqualTo(Rights.GUEST_ACCESS);
        assertThat(Rights.parse("Logoff, Message")).containsExactlyInAnyOrder(Right.LOGOFF, Right.MESSAGE);
        assertThat(Rights.parse("query information,RemoteControl"))
                .containsExactlyInAnyOrder(Right.QUERY_INFORMATION, Right.REMOTE_CONTROL);
        assertThat(Rights.parse("GuestAccess,Logoff")).containsExactlyInAnyOrder(Right.LOGON, Right.LOGOFF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Root", "Logoff,,Message", ",Logoff", "", "Full Control Plus", "0x40"})
    void parseRefusesWhatIsNotARightNamingIt(String text) {
        assertThatThrownBy(() -> Rights.parse(text)).isInstanceOfSatisfying(TermhostException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_ARGUMENT));
    }

    @Test
    void describeNamesPresetsAndListsTheRest() {
        assertThat(Rights.describe(Rights.FULL_CONTROL)).isEqualTo("FullControl");
        assertThat(Rights.describe(Rights.USER_ACCESS)).isEqualTo("UserAccess");
        assertThat(Rights.describe(Set.of())).isEqualTo("none");
        assertThat(Rights.describe(EnumSet.of(Right.MESSAGE, Right.LOGOFF))).isEqualTo("Logoff,Message");
        // denies are listed right by right, so "deny UserAccess" never reads like a grant of it
        assertThat(Rights.names(Rights.USER_ACCESS)).isEqualTo("QueryInformation,VirtualChannels,Logon,Message,Connect");
        assertThat(Rights.names(Rights.FULL_CONTROL)).isEqualTo("FullControl");
    }

    @Test
    void masksRoundTrip() {
        for (int m = 0; m <= 0x3FF; m++) {
            assertThat(Rights.mask(Rights.fromMask(m))).isEqualTo(m);
        }
        assertThat(Rights.fromMask(0xFC00)).isEmpty(); // unknown bits of a newer store are ignored
    }
}
