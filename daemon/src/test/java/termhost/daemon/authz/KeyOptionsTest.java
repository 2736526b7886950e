package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The options of an authorized_keys line, as man sshd (AUTHORIZED_KEYS FILE FORMAT) gives them. */
class KeyOptionsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void noOptionsAllowEverything() {
        assertThat(KeyOptions.parse("", UTC)).isEqualTo(KeyOptions.NONE);
    }

    @Test
    void restrictTurnsEverythingOffAndLaterOptionsTurnPartsBackOn() {
        KeyOptions o = KeyOptions.parse("restrict,pty", UTC);
        assertThat(o.pty()).isTrue();
        assertThat(o.portForwarding()).isFalse();
        assertThat(o.agentForwarding()).isFalse();
        assertThat(o.x11Forwarding()).isFalse();
        assertThat(o.userRc()).isFalse();
    }

    @Test
    void eachNoOptionTurnsOffItsOwnOnly() {
        KeyOptions o = KeyOptions.parse("no-port-forwarding,No-Agent-Forwarding,no-X11-forwarding", UTC);
        assertThat(o.portForwarding()).isFalse();
        assertThat(o.agentForwarding()).isFalse();
        assertThat(o.x11Forwarding()).isFalse();
        assertThat(o.pty()).isTrue();
        assertThat(KeyOptions.parse("no-pty", UTC).pty()).isFalse();
        assertThat(KeyOptions.parse("no-pty", UTC).portForwarding()).isTrue();
    }

    @Test
    void aCommandKeepsCommasBlanksAndEscapedQuotes() {
        KeyOptions o = KeyOptions.parse("command=\"echo \\\"a, b\\\"  c\",no-pty", UTC);
        assertThat(o.command()).isEqualTo("echo \"a, b\"  c");
        assertThat(o.pty()).isFalse();
    }

    @Test
    void fromRefusesOtherAddresses() {
        KeyOptions o = KeyOptions.parse("from=\"10.9.9.9,192.168.0.0/16\"", UTC);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(o.refusal("10.9.9.9", now)).isNull();
        assertThat(o.refusal("192.168.7.7", now)).isNull();
        assertThat(o.refusal("127.0.0.1", now)).contains("127.0.0.1").contains("from=");
    }

    @Test
    void expiryTimeIsTheFirstInstantRefused() {
        KeyOptions o = KeyOptions.parse("expiry-time=\"20260101\"", UTC);
        assertThat(o.refusal("127.0.0.1", Instant.parse("2025-12-31T23:59:59Z"))).isNull();
        assertThat(o.refusal("127.0.0.1", Instant.parse("2026-01-01T00:00:00Z"))).contains("expired");
    }

    @Test
    void expiryTimeIsLocalTimeUnlessItEndsInZ() {
        ZoneId plus3 = ZoneId.of("Europe/Moscow");
        assertThat(KeyOptions.expiry("202601011200", plus3)).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(KeyOptions.expiry("20260101120030Z", plus3)).isEqualTo(Instant.parse("2026-01-01T12:00:30Z"));
    }

    @Test
    void ofSeveralExpiryTimesTheEarliestWins() {
        KeyOptions o = KeyOptions.parse("expiry-time=\"20300101\",expiry-time=\"20200101\"", UTC);
        assertThat(o.expiry()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void certAuthorityNamesThePrincipalsItAccepts() {
        KeyOptions o = KeyOptions.parse("cert-authority,principals=\"alice,ops\",no-pty", UTC);
        assertThat(o.certAuthority()).isTrue();
        assertThat(o.principals()).containsExactly("alice", "ops");
        assertThat(KeyOptions.parse("cert-authority", UTC).principals()).isNull();
    }

    @Test
    void aCertificateUnderACertAuthorityLineGetsWhatBothAllow() {
        KeyOptions line = KeyOptions.parse("cert-authority,no-pty,command=\"echo hi\"", UTC);
        KeyOptions cert = new KeyOptions(true, false, true, true, true, null, null, null, false, null, null, null);
        KeyOptions both = line.within(cert);
        assertThat(both.pty()).isFalse();
        assertThat(both.portForwarding()).isFalse();
        assertThat(both.agentForwarding()).isTrue();
        assertThat(both.command()).isEqualTo("echo hi");
        KeyOptions other = new KeyOptions(true, true, true, true, true, "echo other", null, null, false, null, null, null);
        assertThatThrownBy(() -> line.within(other)).hasMessageContaining("differ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026011", "20261301", "20260230", "2026010112", "abcdefgh", "20260101120060"})
    void aBadExpiryTimeIsRefused(String value) {
        assertThatThrownBy(() -> KeyOptions.parse("expiry-time=\"" + value + "\"", UTC))
                .hasMessageContaining("expiry-time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"environment=\"A=b\"", "tunnel=\"0\"",
        "no-pty,frobnicate", "verify-required", "no-touch-required"})
    void anOptionTermhostDoesNotEnforceInvalidatesTheLine(String options) {
        assertThatThrownBy(() -> KeyOptions.parse(options, UTC)).hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command=echo", "command=\"echo", "from", "no-pty,", "command=\"a\"x",
        "command=\"a\",command=\"b\"", "from=\"10.0.0.1/8\"", "principals=\"alice\"",
        "cert-authority,principals=\"a,,b\""})
    void aMalformedLineIsRefused(String options) {
        assertThatThrownBy(() -> KeyOptions.parse(options, UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permitopenNamesTheTargetsOfLocalForwardsOnlyLiterally() {
        KeyOptions o = KeyOptions.parse("permitopen=\"db.example:5432\",permitopen=\"[::1]:*\",permitopen=\"*:8080\"",
                UTC);
        assertThat(o.opens("db.example", 5432)).isTrue();
        assertThat(o.opens("db.example", 5433)).isFalse();
        assertThat(o.opens("DB.example", 5432)).as("no patterns, no case folding, no lookup").isFalse();
        assertThat(o.opens("::1", 22)).isTrue();
        assertThat(o.opens("anything", 8080)).isTrue();
        assertThat(o.opens("127.0.0.1", 5432)).isFalse();
        assertThat(o.portForwarding()).isTrue();
        assertThat(o.permitOpen()).extracting(Object::toString).containsExactly("db.example:5432", "[::1]:*", "*:8080");
        assertThat(KeyOptions.NONE.opens("anywhere", 1)).isTrue();
    }

    @Test
    void permitopenReachesASocketPathOnlyByThePathWithPortStarOrByStarStar() {
        KeyOptions o = KeyOptions.parse("permitopen=\"/run/app.sock:*\",permitopen=\"*:8080\"", UTC);
        assertThat(o.opensPath("/run/app.sock")).isTrue();
        assertThat(o.opensPath("/run/other.sock")).isFalse();
        assertThat(KeyOptions.parse("permitopen=\"*:8080\"", UTC).opensPath("/run/app.sock"))
                .as("a port names no path, as sshd's open_match with PORT_STREAMLOCAL").isFalse();
        assertThat(KeyOptions.parse("permitopen=\"*:*\"", UTC).opensPath("/run/app.sock")).isTrue();
        assertThat(KeyOptions.NONE.opensPath("/anything")).isTrue();
    }

    @Test
    void aCertificatesOptionsKeepTheLinesPermitopen() {
        KeyOptions line = KeyOptions.parse("cert-authority,permitopen=\"127.0.0.1:80\"", UTC);
        KeyOptions merged = line.within(KeyOptions.NONE);
        assertThat(merged.opens("127.0.0.1", 80)).isTrue();
        assertThat(merged.opens("127.0.0.1", 81)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"permitopen", "permitopen=\"host\"", "permitopen=\":22\"", "permitopen=\"host:0\"",
            "permitopen=\"host:65536\"", "permitopen=\"host:ssh\"", "permitopen=\"::1:22\"",
            "permitopen=\"[::1]22\"", "permitlisten", "permitlisten=\"0\"", "permitlisten=\"localhost:\"",
            "permitlisten=\":8080\"", "permitlisten=\"host:http\"", "permitlisten=\"[::1]8080\""})
    void aPermitopenOrPermitlistenThatIsNotHostColonPortInvalidatesTheLine(String options) {
        assertThatThrownBy(() -> KeyOptions.parse(options, UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permitlistenNamesWhereRemoteForwardsListenWithHostPatternsAndALonePortForAnyHost() {
        KeyOptions o = KeyOptions.parse("permitlisten=\"8080\",permitlisten=\"localhost:9000\","
                + "permitlisten=\"127.0.0.?:*\",permitlisten=\"[::1]:7000\"", UTC);
        // ssh -R 8080:... sends "localhost"; -R 0.0.0.0:8080:... and -R :8080:... their own addresses
        assertThat(o.listens("localhost", 8080)).isTrue();
        assertThat(o.listens("0.0.0.0", 8080)).isTrue();
        assertThat(o.listens("", 8080)).isTrue();
        assertThat(o.listens("localhost", 9000)).isTrue();
        assertThat(o.listens("LocalHost", 9000)).as("the requested address is lower-cased, as sshd does").isTrue();
        assertThat(o.listens("::1", 9000)).as("localhost is a name, not its addresses").isFalse();
        assertThat(o.listens("127.0.0.5", 1234)).isTrue();
        assertThat(o.listens("127.0.0.10", 1234)).isFalse();
        assertThat(o.listens("::1", 7000)).isTrue();
        assertThat(o.listens("localhost", 0)).as("a port the server picks needs port *").isFalse();
        assertThat(o.opens("anywhere", 1)).as("permitlisten leaves -L alone").isTrue();
        assertThat(o.permitListen()).extracting(Object::toString)
                .containsExactly("*:8080", "localhost:9000", "127.0.0.?:*", "[::1]:7000");
        assertThat(KeyOptions.NONE.listens("0.0.0.0", 1)).isTrue();
        assertThat(KeyOptions.parse("cert-authority,permitlisten=\"5000\"", UTC).within(KeyOptions.NONE)
                .listens("localhost", 5001)).as("a certificate's logon keeps the line's permitlisten").isFalse();
    }
}
