package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSH's from= lists, matched against the client's address as sshd matches them with UseDNS no. */
class AddressPatternsTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "127.0.0.1; 127.0.0.1; true",
        "10.9.9.9; 127.0.0.1; false",
        "127.0.0.*; 127.0.0.1; true",
        "127.0.0.?; 127.0.0.12; false",
        "127.0.0.?; 127.0.0.1; true",
        "*; 192.168.1.5; true",
        "10.0.0.0/8,127.0.0.0/8; 127.1.2.3; true",
        "10.0.0.0/8; 11.0.0.1; false",
        "192.168.0.0/23; 192.168.1.200; true",
        "192.168.0.0/24; 192.168.1.200; false",
        "*,!127.0.0.1; 127.0.0.1; false",
        "!127.0.0.1,*; 127.0.0.1; false",
        "!10.0.0.0/8,*; 127.0.0.1; true",
        "!10.0.0.0/8; 127.0.0.1; false",
        "::1; 0:0:0:0:0:0:0:1; true",
        "fe80::/10; fe80::1; true",
        "fe80::/10; 127.0.0.1; false",
        "localhost; 127.0.0.1; false",
    })
    void admitsAsSshdDoes(String list, String address, boolean admitted) {
        assertThat(AddressPatterns.parse(list).admits(address)).as("%s admits %s", list, address).isEqualTo(admitted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/x", "fe80::/129", "1.2.3.4,", ",1.2.3.4", "!"})
    void aMalformedListIsInvalidWhole(String list) {
        assertThatThrownBy(() -> AddressPatterns.parse(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardsAreOpenSshs() {
        assertThat(AddressPatterns.wildcard("a*c", "abbbc")).isTrue();
        assertThat(AddressPatterns.wildcard("a*c", "abbbd")).isFalse();
        assertThat(AddressPatterns.wildcard("*", "")).isTrue();
        assertThat(AddressPatterns.wildcard("?", "")).isFalse();
    }
}
