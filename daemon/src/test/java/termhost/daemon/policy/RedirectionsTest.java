package termhost.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import termhost.daemon.policy.Redirections.Files;
import termhost.daemon.policy.Redirections.Host;
import termhost.daemon.policy.Redirections.Key;
import termhost.daemon.policy.Redirections.Kind;
import termhost.daemon.policy.Redirections.Ports;

/** A connection's redirections: host settings ∧ Virtual Channels right ∧ the key's options, with the reason of each refusal. */
class RedirectionsTest {
    private static final Host DEFAULTS = Host.DEFAULTS;
    private static final Key NO_PORTS = new Key(false, true);
    private static final Key NO_AGENT = new Key(true, false);
    private static final Key RESTRICT = new Key(false, false);

    /** host, right, key → files, -L, -R, -A; the reasons of the refusals, in the order of {@link Kind}. */
    static Stream<Arguments> table() {
        String keyPorts = "the key does not permit port forwarding";
        String keyAgent = "the key does not permit agent forwarding";
        return Stream.of(
                // the defaults: everything but -R, as sshd's but AllowTcpForwarding local
                row(DEFAULTS, true, Key.ANY, Files.ON, true, false, true,
                        null, null, null, "redirect.ports=local", null),
                row(new Host(true, Files.ON, Ports.ALL, true), true, Key.ANY, Files.ON, true, true, true,
                        null, null, null, null, null),
                // the right denied: nothing at all, whatever the host and the key allow
                row(new Host(true, Files.ON, Ports.ALL, true), false, Key.ANY, Files.OFF, false, false, false,
                        Redirections.NO_RIGHT, Redirections.NO_RIGHT, Redirections.NO_RIGHT, Redirections.NO_RIGHT,
                        Redirections.NO_RIGHT),
                // redirect.all=off names itself first, even without the right
                row(new Host(false, Files.ON, Ports.ALL, true), false, Key.ANY, Files.OFF, false, false, false,
                        "redirect.all=off", "redirect.all=off", "redirect.all=off", "redirect.all=off",
                        "redirect.all=off"),
                row(new Host(false, Files.ON, Ports.ALL, true), true, Key.ANY, Files.OFF, false, false, false,
                        "redirect.all=off", "redirect.all=off", "redirect.all=off", "redirect.all=off",
                        "redirect.all=off"),
                // each setting alone
                row(new Host(true, Files.READ_ONLY, Ports.ALL, true), true, Key.ANY, Files.READ_ONLY, true, true, true,
                        null, "redirect.files=read-only", null, null, null),
                row(new Host(true, Files.OFF, Ports.ALL, true), true, Key.ANY, Files.OFF, true, true, true,
                        "redirect.files=off", "redirect.files=off", null, null, null),
                row(new Host(true, Files.ON, Ports.OFF, true), true, Key.ANY, Files.ON, false, false, true,
                        null, null, "redirect.ports=off", "redirect.ports=off", null),
                row(new Host(true, Files.ON, Ports.ALL, false), true, Key.ANY, Files.ON, true, true, false,
                        null, null, null, null, "redirect.agent=off"),
                // the key's options: forwarding only, never files (as sshd's restrict leaves sftp)
                row(new Host(true, Files.ON, Ports.ALL, true), true, NO_PORTS, Files.ON, false, false, true,
                        null, null, keyPorts, keyPorts, null),
                row(new Host(true, Files.ON, Ports.ALL, true), true, NO_AGENT, Files.ON, true, true, false,
                        null, null, null, null, keyAgent),
                row(new Host(true, Files.ON, Ports.ALL, true), true, RESTRICT, Files.ON, false, false, false,
                        null, null, keyPorts, keyPorts, keyAgent),
                // the host's reason comes before the key's
                row(new Host(true, Files.ON, Ports.LOCAL, false), true, RESTRICT, Files.ON, false, false, false,
                        null, null, keyPorts, "redirect.ports=local", "redirect.agent=off"),
                // and the right's before both
                row(new Host(true, Files.READ_ONLY, Ports.OFF, false), false, RESTRICT, Files.OFF, false, false,
                        false, Redirections.NO_RIGHT, Redirections.NO_RIGHT, Redirections.NO_RIGHT,
                        Redirections.NO_RIGHT, Redirections.NO_RIGHT));
    }

    private static Arguments row(Host host, boolean right, Key key, Files files, boolean local, boolean remote,
            boolean agent, String... reasons) {
        return Arguments.of(host, right, key, files, local, remote, agent, reasons);
    }

    @ParameterizedTest
    @MethodSource("table")
    void theEffectiveValueIsTheHostAndTheRightAndTheKey(Host host, boolean right, Key key, Files files, boolean local,
            boolean remote, boolean agent, String[] reasons) {
        Redirections r = Redirections.of(host, right, key);

        assertThat(r.files()).isEqualTo(files);
        assertThat(r.localPorts()).isEqualTo(local);
        assertThat(r.remotePorts()).isEqualTo(remote);
        assertThat(r.agent()).isEqualTo(agent);
        for (Kind k : Kind.values()) {
            assertThat(r.refusal(k)).as(k.name()).isEqualTo(reasons[k.ordinal()]);
            assertThat(r.allows(k)).as(k.name()).isEqualTo(reasons[k.ordinal()] == null);
        }
    }

    /** Every combination: a refusal always has a reason, and nothing is allowed the host, right or key refuses. */
    @Test
    void noCombinationAllowsWhatOneOfTheThreeRefuses() {
        for (boolean all : new boolean[] {true, false}) {
            for (Files files : Files.values()) {
                for (Ports ports : Ports.values()) {
                    for (boolean agentSetting : new boolean[] {true, false}) {
                        for (boolean right : new boolean[] {true, false}) {
                            for (Key key : new Key[] {Key.ANY, NO_PORTS, NO_AGENT, RESTRICT}) {
                                Host host = new Host(all, files, ports, agentSetting);
                                Redirections r = Redirections.of(host, right, key);
                                boolean on = all && right;
                                assertThat(r.files()).as("%s %s", host, key)
                                        .isEqualTo(on ? files : Files.OFF);
                                assertThat(r.localPorts()).isEqualTo(on && ports != Ports.OFF && key.ports());
                                assertThat(r.remotePorts()).isEqualTo(on && ports == Ports.ALL && key.ports());
                                assertThat(r.agent()).isEqualTo(on && agentSetting && key.agent());
                                for (Kind k : Kind.values()) {
                                    assertThat(r.allows(k) || r.refusal(k) != null).isTrue();
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Files.class)
    void fileModesRoundTripThroughTheirSettingNames(Files f) {
        assertThat(Redirections.parse(Files.values(), Redirections.settingName(f))).isEqualTo(f);
        assertThat(Redirections.parse(Files.values(), Redirections.settingName(f).toUpperCase())).isEqualTo(f);
    }

    @ParameterizedTest
    @EnumSource(Ports.class)
    void portModesRoundTripThroughTheirSettingNames(Ports p) {
        assertThat(Redirections.parse(Ports.values(), Redirections.settingName(p))).isEqualTo(p);
    }

    @Test
    void theSettingNamesAreTheIssues() {
        assertThat(Redirections.settingName(Files.READ_ONLY)).isEqualTo("read-only");
        assertThat(Redirections.settingName(Ports.LOCAL)).isEqualTo("local");
        assertThat(Redirections.settingName(Ports.ALL)).isEqualTo("all");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "readonly", "read_only", "remote", "none"})
    void aWrongValueIsRefusedNamingTheRightOnes(String text) {
        assertThatThrownBy(() -> Redirections.parse(Files.values(), text)).hasMessage("one of on, read-only, off");
        assertThatThrownBy(() -> Redirections.parse(Ports.values(), text)).hasMessage("one of off, local, all");
    }
}
