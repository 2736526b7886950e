package termhost.daemon.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.sshd.common.NamedResource;
import org.junit.jupiter.api.Test;
import termhost.daemon.config.SettingKeys;

/** The lists the server offers by default, and the refusal of a name MINA cannot run. */
class SshAlgorithmsTest {
    private static SshAlgorithms defaults() {
        return SshAlgorithms.of(SettingKeys.SSH_CIPHERS.defaultText(), SettingKeys.SSH_MACS.defaultText(),
                SettingKeys.SSH_KEX.defaultText());
    }

    @Test
    void everyDefaultNameIsOneMinaRuns() {
        SshAlgorithms a = defaults();
        assertThat(NamedResource.getNames(a.ciphers())).isEqualTo(SettingKeys.SSH_CIPHERS.defaultText());
        assertThat(NamedResource.getNames(a.macs())).isEqualTo(SettingKeys.SSH_MACS.defaultText());
        assertThat(NamedResource.getNames(a.keyExchanges())).isEqualTo(SettingKeys.SSH_KEX.defaultText());
    }

    @Test
    void clientsThatPreferChacha20AreNotGivenIt() {
        // OpenSSH, Dropbear and AsyncSSH list it first: offered, they would all take MINA's slow one
        assertThat(NamedResource.getNameList(defaults().ciphers())).doesNotContain("chacha20-poly1305@openssh.com")
                .contains("aes128-ctr", "aes128-gcm@openssh.com");
    }

    @Test
    void sha1RsaAndDsaSignaturesAreRefusedAsOpenSshRefusesThem() {
        assertThat(NamedResource.getNameList(SshAlgorithms.SIGNATURES)).doesNotContain("ssh-rsa", "ssh-dss")
                .contains("ssh-ed25519", "rsa-sha2-512", "ecdsa-sha2-nistp256");
    }

    @Test
    void anUnknownNameIsRefusedWithItsSetting() {
        assertThatThrownBy(() -> SshAlgorithms.of("aes128-ctr,twofish-cbc", "hmac-sha2-256", "curve25519-sha256"))
                .hasMessage("ssh.ciphers: unknown or unsupported cipher 'twofish-cbc'");
        assertThatThrownBy(() -> SshAlgorithms.of("aes128-ctr", "umac-64@openssh.com", "curve25519-sha256"))
                .hasMessage("ssh.macs: unknown or unsupported MAC 'umac-64@openssh.com'");
        assertThatThrownBy(() -> SshAlgorithms.of("aes128-ctr", "hmac-sha2-256", "curve25519-sha256,none"))
                .hasMessage("ssh.kex-algorithms: unknown or unsupported key exchange 'none'");
        assertThatThrownBy(() -> SshAlgorithms.of("none", "hmac-sha2-256", "curve25519-sha256"))
                .hasMessage("ssh.ciphers: unknown or unsupported cipher 'none'");
    }
}
